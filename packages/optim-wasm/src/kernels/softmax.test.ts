import { describe, expect, it } from 'vitest';
import { loadCoreSync } from '../core/loader.js';
import { DescentError } from '../errors.js';
import { createWasmBackend } from '../backend/wasm-backend.js';
import { createReferenceBackend } from '../backend/reference-backend.js';
import { autodiffOpCases, floats, mismatch, randomData, seeded } from '../../test/support/kernels.js';

const core = loadCoreSync();
const W = createWasmBackend(core);
const R = createReferenceBackend();
const SIZES: [number, number][] = [[0, 3], [1, 1], [1, 5], [3, 4], [4, 7], [2, 1031], [17, 10]];

describe('softmax family against the f64 reference', () => {
  it('softmax, logSoftmax and their backward passes', () => {
    const rand = seeded(21);
    for (const [rows, cols] of SIZES) {
      const x = randomData(rand, rows * cols, -8, 8);
      const dy = randomData(rand, rows * cols);
      for (const log of [false, true]) {
        const name = log ? 'logSoftmax' : 'softmax';
        const y32 = log ? W.logSoftmax(W.fromArray(x), rows, cols) : W.softmax(W.fromArray(x), rows, cols);
        const y = log ? R.logSoftmax(R.fromArray(x), rows, cols) : R.softmax(R.fromArray(x), rows, cols);
        expect(mismatch(W.toArray(y32), y, 2e-6, 1e-7), `${name} ${rows}x${cols}`).toBeUndefined();
        const yf = Array.from(W.toArray(y32));
        const g32 = log
          ? W.logSoftmaxBackward(W.fromArray(yf), W.fromArray(dy), rows, cols)
          : W.softmaxBackward(W.fromArray(yf), W.fromArray(dy), rows, cols);
        const g = log ? R.logSoftmaxBackward(R.fromArray(yf), R.fromArray(dy), rows, cols) : R.softmaxBackward(R.fromArray(yf), R.fromArray(dy), rows, cols);
        expect(mismatch(W.toArray(g32), g, 1e-5, 1e-6), `${name}Backward ${rows}x${cols}`).toBeUndefined();
      }
    }
  });

  it('rows sum to 1, and logits of ±1000 stay finite', () => {
    const x = [1000, -1000, 999, 0, -1000, -1000, -999, -1000, 5, 5, 5, 5];
    const p = W.toArray(W.softmax(W.fromArray(x), 3, 4));
    for (let r = 0; r < 3; r++) expect(p[4 * r]! + p[4 * r + 1]! + p[4 * r + 2]! + p[4 * r + 3]!).toBeCloseTo(1, 6);
    expect(p[0]).toBeCloseTo(1 / (1 + Math.exp(-1)), 6);
    expect(p[8]).toBeCloseTo(0.25, 7);
    const lp = W.toArray(W.logSoftmax(W.fromArray(x), 3, 4));
    expect(Array.from(lp).every(Number.isFinite)).toBe(true);
    expect(lp[1]).toBeCloseTo(-2000 - Math.log1p(Math.exp(-1)), 2);
    const { loss, grad } = W.softmaxCrossEntropy(W.fromArray(x), new Int32Array([1, 0, 2]), 3, 4, 0.1);
    expect(Array.from(W.toArray(loss)).every(Number.isFinite)).toBe(true);
    expect(Array.from(W.toArray(grad)).every(Number.isFinite)).toBe(true);
  });

  it('cross-entropy with label smoothing matches the reference, and its gradient matches finite differences', () => {
    const rand = seeded(8);
    for (const [rows, cols] of SIZES) {
      if (cols === 0) continue;
      const x = randomData(rand, rows * cols, -5, 5);
      const t = new Int32Array(Array.from({ length: rows }, () => Math.floor(rand() * cols)));
      for (const eps of [0, 0.1, 0.3, 1]) {
        const got = W.softmaxCrossEntropy(W.fromArray(x), t, rows, cols, eps);
        const want = R.softmaxCrossEntropy(R.fromArray(x), t, rows, cols, eps);
        expect(mismatch(W.toArray(got.loss), want.loss, 2e-6, 1e-6), `loss ${rows}x${cols} ε=${eps}`).toBeUndefined();
        expect(mismatch(W.toArray(got.grad), want.grad, 2e-6, 1e-7), `grad ${rows}x${cols} ε=${eps}`).toBeUndefined();
      }
    }
    // Central differences of Σ loss on the f64 reference: the gradient is that of the SUM.
    const x = randomData(rand, 12, -2, 2);
    const t = new Int32Array([2, 0, 3]);
    const total = (v: number[]) => R.softmaxCrossEntropy(R.fromArray(v), t, 3, 4, 0.2).loss.reduce((s, l) => s + l, 0);
    const grad = W.toArray(W.softmaxCrossEntropy(W.fromArray(x), t, 3, 4, 0.2).grad);
    for (let i = 0; i < 12; i++) {
      const h = 1e-5;
      const up = x.slice();
      const dn = x.slice();
      up[i]! += h;
      dn[i]! -= h;
      expect(grad[i]).toBeCloseTo((total(up) - total(dn)) / (2 * h), 5);
    }
  });

  it('checks inputs before any kernel call', () => {
    const x = W.fromArray([1, 2, 3, 4, 5, 6]);
    expect(() => W.softmax(x, 2, 2)).toThrow(/softmax: x has 6 elements but \[rows 2, cols 2\]/);
    expect(() => W.logSoftmax(x, -2, -3)).toThrow(/non-negative integers/);
    expect(() => W.softmaxBackward(x, W.fromArray([1]), 2, 3)).toThrow(/softmaxBackward: dy has 1/);
    expect(() => W.softmaxCrossEntropy(x, new Int32Array([0, 3]), 2, 3, 0)).toThrow(/target 3 at row 1 is out of range for 3 classes/);
    expect(() => W.softmaxCrossEntropy(x, new Int32Array([0]), 2, 3, 0)).toThrow(/1 targets for 2 rows/);
    expect(() => W.softmaxCrossEntropy(x, new Int32Array([0, 1]), 2, 3, 1.5)).toThrow(/labelSmoothing must be in \[0, 1\]/);
    expect(() => W.softmaxCrossEntropy(x, new Int32Array([0, 1]), 2, 3, NaN)).toThrow(DescentError);
    const dead = W.fromArray([1]);
    dead.free();
    expect(() => W.softmax(dead, 1, 1)).toThrow(/softmax: x.*was freed/);
    expect(() => R.softmaxCrossEntropy(R.fromArray([1, 2]), new Int32Array([-1]), 1, 2, 0)).toThrow(/target -1/);
  });

  it('repeated calls in tidy never grow memory', () => {
    const x = W.fromArray(randomData(seeded(2), 64 * 10));
    const t = new Int32Array(64).map((_, i) => i % 10);
    const step = () =>
      W.tidy(() => {
        const { loss, grad } = W.softmaxCrossEntropy(x, t, 64, 10, 0.1);
        W.logSoftmaxBackward(W.logSoftmax(x, 64, 10), grad, 64, 10);
        return loss;
      });
    W.free(step());
    const top = core.heapTop;
    const live = core.liveBytes;
    for (let i = 0; i < 50; i++) W.free(step());
    expect(core.heapTop).toBe(top);
    expect(core.liveBytes).toBe(live);
  });
});

describe('PyTorch fixtures (forward values)', () => {
  const cases = autodiffOpCases();

  it('softmax and log_softmax over the last axis match', () => {
    let checked = 0;
    for (const c of cases) {
      if (c.op !== 'softmax' && c.op !== 'log_softmax') continue;
      const x = c.inputs.x!;
      const rank = x.shape.length;
      const dim = ((c.attrs.dim as number) + rank) % rank;
      if (dim !== rank - 1) continue; // other axes go through a permute (autodiff)
      const cols = x.shape[rank - 1]!;
      const rows = x.data.length / cols;
      const fn = c.op === 'softmax' ? W.softmax : W.logSoftmax;
      expect(mismatch(W.toArray(fn(W.fromArray(floats(x)), rows, cols)), floats(c.expected.output), c.rtol, c.atol), c.id).toBeUndefined();
      const ref = c.op === 'softmax' ? R.softmax : R.logSoftmax;
      expect(mismatch(ref(R.fromArray(floats(x)), rows, cols), floats(c.expected.output), 1e-9, 1e-12), `${c.id} (reference)`).toBeUndefined();
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(2);
  });

  it('cross_entropy (mean and sum, with label smoothing) matches', () => {
    let checked = 0;
    for (const c of cases) {
      if (c.op !== 'cross_entropy') continue;
      const input = c.inputs.input!;
      const [rows, cols] = input.shape as [number, number];
      const targets = new Int32Array(floats(c.inputs.target!));
      const eps = (c.attrs.label_smoothing as number | undefined) ?? 0;
      const loss = W.toArray(W.softmaxCrossEntropy(W.fromArray(floats(input)), targets, rows, cols, eps).loss);
      const total = loss.reduce((s, v) => s + v, 0);
      const value = c.attrs.reduction === 'sum' ? total : total / rows;
      expect(mismatch([value], floats(c.expected.output), c.rtol, c.atol), c.id).toBeUndefined();
      const refTotal = R.softmaxCrossEntropy(R.fromArray(floats(input)), targets, rows, cols, eps).loss.reduce((s, v) => s + v, 0);
      expect(mismatch([c.attrs.reduction === 'sum' ? refTotal : refTotal / rows], floats(c.expected.output), 1e-9, 1e-12), `${c.id} (reference)`).toBeUndefined();
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(8);
  });
});
