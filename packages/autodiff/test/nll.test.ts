import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as ad from '../src/index.js';
import { expectClose, randArray, ref, refTensor } from './util.js';

type T = ad.Tensor<Float64Array>;

describe('nllLoss', () => {
  const fixtures = JSON.parse(readFileSync(new URL('../../../fixtures/public/autodiff_op.json', import.meta.url), 'utf8')) as {
    cases: { id: string; family: string; inputs: Record<string, { shape: number[]; data: number[] }>; upstream: { data: number[] }; expected: { output: { data: number[] }; grads: { input: { data: number[] } } } }[];
  };
  for (const c of fixtures.cases.filter((f) => f.family === 'cross_entropy_mean' || f.family === 'cross_entropy_sum')) {
    it(`nllLoss(logSoftmax(x)) = PyTorch cross_entropy: ${c.id} (f64, rtol 1e-9)`, () => {
      const x = refTensor(c.inputs.input!.data, c.inputs.input!.shape, true);
      const loss = ad.nllLoss(ad.logSoftmax(x, 1), c.inputs.target!.data, { reduction: c.family.endsWith('sum') ? 'sum' : 'mean' });
      loss.backward(c.upstream.data[0]);
      expectClose([loss.item()], c.expected.output.data, 1e-9, 1e-12, 'loss');
      expectClose(x.grad!.data(), c.expected.grads.input.data, 1e-9, 1e-12, 'grad');
    });
  }

  it('class weights: weighted mean Σ w_y ℓ / Σ w_y; ignoreIndex rows drop out of both', () => {
    const lp = [[-0.5, -1.2, -2], [-1, -0.3, -3], [-2, -2, -0.1], [-0.7, -0.9, -1.1]];
    const w = [0.5, 2, 1];
    const x = ad.tensor(lp, { backend: ref });
    const y = [0, 1, -100, 2];
    const expected = (0.5 * 0.5 + 2 * 0.3 + 1 * 1.1) / (0.5 + 2 + 1);
    expect(ad.nllLoss(x, y, { weight: w }).item()).toBeCloseTo(expected, 14);
    expect(ad.nllLoss(x, y, { weight: w, reduction: 'sum' }).item()).toBeCloseTo(0.5 * 0.5 + 2 * 0.3 + 1.1, 14);
    expect([...ad.nllLoss(x, y, { weight: w, reduction: 'none' }).data()]).toEqual([0.25, 0.6, 0, 1.1].map((v) => expect.closeTo(v, 14)));
    expect(ad.nllLoss(x, [7, 7, 7, 0], { ignoreIndex: 7 }).item()).toBeCloseTo(0.7, 14);
    expect(ad.nllLoss(ad.tensor([-0.1, -2.5], { backend: ref }), [1]).item()).toBeCloseTo(2.5, 14);
  });

  it('gradcheck with weights and an ignored row', () => {
    const r = ad.gradcheck((x: T) => ad.nllLoss(x, [2, 0, 5, 1], { weight: [1, 0.5, 2], ignoreIndex: 5 }), { x: refTensor(randArray(12, 1), [4, 3], true) });
    expect(r.ok, r.message).toBe(true);
  });

  it('errors', () => {
    const x = ad.tensor([[-1, -2], [-3, -4]], { backend: ref });
    expect(() => ad.nllLoss(x, [0])).toThrow(/nllLoss: 1 targets for input \[2, 2\] \(expected 2\)/);
    expect(() => ad.nllLoss(x, [0, 2])).toThrow(/nllLoss: target 2 at row 1 is not a class index in \[0, 2\)/);
    expect(() => ad.nllLoss(x, [0, 1], { weight: [1] })).toThrow(/nllLoss: weight has 1 entries for 2 classes/);
    expect(() => ad.nllLoss(x, [-100, -100])).toThrow(/nllLoss: every target is ignored/);
    expect(() => ad.nllLoss(x, [0, 1], { reduction: 'avg' as never })).toThrow(/nllLoss: reduction must be/);
    expect(() => ad.nllLoss(ad.zeros([1, 2, 2], { backend: ref }), [0])).toThrow(/nllLoss: input must be \[N, C\] or \[C\], got \[1, 2, 2\]/);
  });
});
