import { noGrad, type Tensor } from '@descent/autodiff';
import { DescentError, type Rng } from '@descent/optim-wasm';
import { readRaw, writeRaw } from './snapshot.js';

/** Options of `weightNoise`: how large the perturbation is and whether it adds or scales. */
export interface WeightNoiseOptions {
  /** Standard deviation σ of the perturbation. */
  std: number;
  /** 'additive' (default): θ + σ·z; 'multiplicative': θ·(1 + σ·z). */
  kind?: 'additive' | 'multiplicative';
}

/** Undo handle of one perturbation. */
export interface WeightNoiseHandle {
  /** Put back the exact original values (bit for bit); a second call is an error. */
  remove(): void;
  readonly removed: boolean;
}

/**
 * Weight noise (Graves 2011; Jim et al. 1996): perturb chosen parameters for one forward/backward
 * pass, θ̃ = θ + σ·z (or θ·(1 + σ·z)), z ~ N(0, 1) fresh from `rng` each call, and restore θ
 * before the optimizer step, so the gradient is taken at θ̃ but applied to θ.
 *
 * @example
 * const wn = weightNoise({ std: 0.01 });
 * const h = wn.apply(decayParameters(model), rng);
 * const loss = lossFn(model.forward(x), y); loss.backward();
 * h.remove();           // exact original weights back
 * opt.step(arena, state);
 */
export function weightNoise(options: WeightNoiseOptions): {
  /** Perturb `params` in place with noise drawn from `rng`; the handle's `remove()` restores them exactly. */
  apply(params: readonly Tensor[], rng: Rng): WeightNoiseHandle;
} {
  const op = 'weightNoise';
  const std = options.std;
  if (!(Number.isFinite(std) && std >= 0)) throw new DescentError('value', `${op}: std must be a finite number >= 0, got ${std}`);
  const kind = options.kind ?? 'additive';
  if (kind !== 'additive' && kind !== 'multiplicative') throw new DescentError('value', `${op}: kind must be 'additive' or 'multiplicative', got '${String(kind)}'`);
  return {
    apply(params, rng) {
      const saved = params.map((p) => readRaw(p));
      noGrad(() =>
        params.forEach((p, i) => {
          const orig = saved[i]!;
          const z = rng.fillNormal(new Float64Array(orig.length), 0, 1);
          const out = orig instanceof Float32Array ? new Float32Array(orig.length) : new Float64Array(orig.length);
          for (let k = 0; k < orig.length; k++) out[k] = kind === 'additive' ? orig[k]! + std * z[k]! : orig[k]! * (1 + std * z[k]!);
          writeRaw(p, out, op);
        }),
      );
      let removed = false;
      return {
        get removed() {
          return removed;
        },
        remove() {
          if (removed) throw new DescentError('state', `${op}: this perturbation was already removed`);
          noGrad(() => params.forEach((p, i) => writeRaw(p, saved[i]!, `${op}.remove`)));
          removed = true;
        },
      };
    },
  };
}
