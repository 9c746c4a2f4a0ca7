import { cutmix, mixup, smoothOneHot } from '@descent/regularize';
import { Unsupported, type Adapter } from '../adapter.js';
import type { Check } from '../compare.js';
import { data, type FixtureTensor } from '../fixtures.js';

/** Fixture batches as Float32Array batches (f32, like the WASM backend). */
const batch = (ft: FixtureTensor) => ({ data: Float32Array.from(data(ft)), shape: ft.shape });

/**
 * augmentation_mix (FORMAT.md §E, timm conventions): label smoothing, Mixup and CutMix with the
 * fixture's explicit λ, permutation and box centre. The CutMix box and λ_eff must match exactly.
 */
export const augmentationMix: Adapter = (c) => {
  const a = (c.attrs ?? {}) as { num_classes: number; smoothing?: number };
  const i = c.inputs;
  const e = c.expected;
  const target = data(i.target as FixtureTensor);
  switch (c.op as string) {
    case 'label_smoothing':
      return [{ name: 'y', actual: smoothOneHot(target, a.num_classes, a.smoothing ?? 0).data, expected: data(e.y) }];
    case 'mixup': {
      const r = mixup(batch(i.x), target, { lam: i.lam, perm: data(i.perm), numClasses: a.num_classes, smoothing: a.smoothing ?? 0 });
      return [
        { name: 'x', actual: r.x.data, expected: data(e.x) },
        { name: 'y', actual: r.y.data, expected: data(e.y) },
      ];
    }
    case 'cutmix': {
      const r = cutmix(batch(i.x), target, { lam: i.lam, center: i.center, perm: data(i.perm), numClasses: a.num_classes, smoothing: a.smoothing ?? 0 });
      const box = e.box as { y0: number; y1: number; x0: number; x1: number };
      const checks: Check[] = [
        { name: 'box', actual: [r.box.y0, r.box.y1, r.box.x0, r.box.x1], expected: [box.y0, box.y1, box.x0, box.x1], exact: true },
        { name: 'lam_effective', actual: r.lam, expected: e.lam_effective },
        { name: 'x', actual: r.x.data, expected: data(e.x) },
        { name: 'y', actual: r.y.data, expected: data(e.y) },
      ];
      // the mixing alone, from the expected box (FORMAT.md: tests mixing without the box rule)
      const fromBox = cutmix(batch(i.x), target, { lam: i.lam, box, perm: data(i.perm), numClasses: a.num_classes, smoothing: a.smoothing ?? 0 });
      checks.push({ name: 'x (given box)', actual: fromBox.x.data, expected: data(e.x) });
      return checks;
    }
    default:
      throw new Unsupported(`augmentation_mix op '${String(c.op)}' is not mapped`);
  }
};
