import { describe, expect, it } from 'vitest';
import { loadCoreSync } from '../core/loader.js';
import { DescentError } from '../errors.js';
import { createWasmBackend } from '../backend/wasm-backend.js';
import { createReferenceBackend } from '../backend/reference-backend.js';
import type { BinaryOp, UnaryOp, UnaryParams } from '../backend/backend.js';
import { autodiffOpCases, floats, mismatch, randomData, seeded } from '../../test/support/kernels.js';

const core = loadCoreSync();
const W = createWasmBackend(core);
const R = createReferenceBackend();

const LENGTHS = [0, 1, 3, 4, 5, 8, 17, 1023];
const BINARY_OPS: BinaryOp[] = ['add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum'];

/** Inputs for each op inside its domain, as f32 values (the reference sees the same numbers). */
function inputsFor(op: UnaryOp, rand: () => number, n: number): number[] {
  if (op === 'log' || op === 'sqrt' || op === 'reciprocal') return randomData(rand, n, 0.01, 50);
  if (op === 'exp') return randomData(rand, n, -80, 80);
  if (op === 'powScalar') return randomData(rand, n, 0.05, 4);
  // sin/cos: magnitudes from one period up past the SIMD reduction range (5e4) to 1e7
  if (op === 'sin' || op === 'cos') return randomData(rand, n, -1, 1).map((v, i) => Math.fround(v * [4, 100, 1e4, 4e4, 1e7][i % 5]!));
  return randomData(rand, n, -12, 12);
}

const UNARY_CASES: [UnaryOp, UnaryParams | undefined][] = [
  ['neg', undefined],
  ['abs', undefined],
  ['exp', undefined],
  ['log', undefined],
  ['sqrt', undefined],
  ['square', undefined],
  ['reciprocal', undefined],
  ['tanh', undefined],
  ['sigmoid', undefined],
  ['relu', undefined],
  ['leakyRelu', undefined],
  ['leakyRelu', { alpha: 0.2 }],
  ['elu', undefined],
  ['elu', { alpha: 0.7 }],
  ['gelu', undefined],
  ['geluTanh', undefined],
  ['softplus', undefined],
  ['softplus', { beta: 2, threshold: 5 }],
  ['clamp', { min: -0.5, max: 0.5 }],
  ['clamp', { min: -1 }],
  ['clamp', { max: 2 }],
  ['sign', undefined],
  ['powScalar', { exponent: 2 }],
  ['powScalar', { exponent: 3 }],
  ['powScalar', { exponent: 0.5 }],
  ['powScalar', { exponent: -1 }],
  ['powScalar', { exponent: -1.5 }],
  ['powScalar', { exponent: -0.5 }],
  ['powScalar', { exponent: 0 }],
  ['powScalar', { exponent: 2.7 }],
  ['sin', undefined],
  ['cos', undefined],
];

/** f32 rounding of inputs and outputs bounds what a float32 kernel can reach. */
const RTOL = 2e-6;

describe('unary kernels against the f64 reference', () => {
  for (const [op, params] of UNARY_CASES) {
    it(`${op} ${JSON.stringify(params ?? {})} forward and backward, lengths ${LENGTHS.join(',')}`, () => {
      const rand = seeded(op.length * 97 + 13);
      for (const n of LENGTHS) {
        const x = inputsFor(op, rand, n);
        const dy = randomData(rand, n);
        const y32 = W.unary(op, W.fromArray(x), params);
        const y = R.unary(op, R.fromArray(x), params);
        // Absolute slack: the f32 output's own rounding near cancellations (1 + tanh → 0).
        const scale = Math.max(1e-30, ...Array.from(y, (v) => (Number.isFinite(v) ? Math.abs(v) : 0)));
        expect(mismatch(W.toArray(y32), y, RTOL, 1e-7 * Math.min(scale, 1)), `${op} n=${n}`).toBeUndefined();
        // Backward from the same (f32) y on both sides, so only the gradient formula differs.
        const yf = Array.from(W.toArray(y32));
        const g32 = W.toArray(W.unaryBackward(op, W.fromArray(x), W.fromArray(yf), W.fromArray(dy), params));
        const g = R.unaryBackward(op, R.fromArray(x), R.fromArray(yf), R.fromArray(dy), params);
        expect(mismatch(g32, g, RTOL, 2e-7), `${op}' n=${n}`).toBeUndefined();
      }
    });
  }

  it('exp, log, tanh, sigmoid, erf-based gelu stay within ~1e-6 relative over wide sweeps', () => {
    const sweep = (lo: number, hi: number, n: number) => Array.from({ length: n }, (_, i) => Math.fround(lo + ((hi - lo) * i) / (n - 1)));
    const check = (op: UnaryOp, xs: number[], rtol: number) => {
      const got = W.toArray(W.unary(op, W.fromArray(xs)));
      const want = R.unary(op, R.fromArray(xs));
      expect(mismatch(got, want, rtol, 0), op).toBeUndefined();
    };
    check('exp', sweep(-87, 88, 20001), 3e-7);
    check('log', sweep(1e-30, 1e30, 20001).concat(sweep(0.5, 2, 20001).filter((v) => v !== 1)), 1e-6);
    check('tanh', sweep(-9, 9, 20001).filter((v) => v !== 0), 3e-7);
    check('sigmoid', sweep(-80, 30, 20001), 4e-7);
    check('gelu', sweep(-12, 8, 40001).filter((v) => v !== 0), 1e-6);
    check('elu', sweep(-1e-3, -1e-9, 2001), 3e-7);
  });

  it('handles the special values like PyTorch', () => {
    const special = [0, -0, Infinity, -Infinity, NaN, 1e-45, 3.4e38];
    const run = (op: UnaryOp, params?: UnaryParams) => Array.from(W.toArray(W.unary(op, W.fromArray(special), params)));
    expect(run('exp')).toEqual([1, 1, Infinity, 0, NaN, 1, Infinity]);
    expect(run('log').slice(0, 5)).toEqual([-Infinity, -Infinity, Infinity, NaN, NaN]);
    expect(run('log')[5]).toBeCloseTo(Math.log(1.401298464324817e-45), 4);
    expect(run('relu')).toEqual([0, 0, Infinity, 0, NaN, 1.401298464324817e-45, Math.fround(3.4e38)]);
    expect(run('tanh').slice(0, 5)).toEqual([0, -0, 1, -1, NaN]);
    expect(run('sigmoid').slice(2, 5)).toEqual([1, 0, NaN]);
    expect(run('softplus').slice(2, 5)).toEqual([Infinity, 0, NaN]);
    expect(run('powScalar', { exponent: 0 })).toEqual([1, 1, 1, 1, 1, 1, 1]);
    expect(run('sign')).toEqual([0, 0, 1, -1, 0, 1, 1]);
    expect(Array.from(W.toArray(W.unary('powScalar', W.fromArray([-2, -0.5, 0]), { exponent: 3 })))).toEqual([-8, -0.125, 0]);
    expect(Number.isNaN(W.toArray(W.unary('powScalar', W.fromArray([-2]), { exponent: 0.5 }))[0])).toBe(true);
  });

  it('uses PyTorch subgradients at kinks: relu′(0) = 0, abs′(0) = 0, clamp passes at the bounds', () => {
    const x = W.fromArray([0, -1, 1, -0.5, 0.5]);
    const dy = W.fromArray([3, 3, 3, 3, 3]);
    const back = (op: UnaryOp, params?: UnaryParams) => Array.from(W.toArray(W.unaryBackward(op, x, W.unary(op, x, params), dy, params)));
    expect(back('relu')).toEqual([0, 0, 3, 0, 3]);
    expect(back('abs')).toEqual([0, -3, 3, -3, 3]);
    expect(back('clamp', { min: -0.5, max: 0.5 })).toEqual([3, 0, 0, 3, 3]);
    expect(back('sign')).toEqual([0, 0, 0, 0, 0]);
  });

  it('softplus is exactly x where βx > threshold', () => {
    const xs = [2.5000002, 2.6, 10, 100];
    const got = W.toArray(W.unary('softplus', W.fromArray(xs), { beta: 2, threshold: 5 }));
    expect(Array.from(got)).toEqual(xs.map(Math.fround));
  });
});

describe('input checks', () => {
  const a = W.fromArray([1, 2, 3, 4, 5, 6]);
  const expectError = (fn: () => unknown, pattern: RegExp) => {
    expect(fn).toThrow(DescentError);
    expect(fn).toThrow(pattern);
  };

  it('name the kernel and the shapes', () => {
    expectError(() => W.binary('add', a, [2, 3], a, [3, 2]), /binary\(add\).*\[2, 3\].*\[3, 2\]/);
    expectError(() => W.binary('add', a, [2, 2], a, [2, 3]), /binary\(add\).*6 elements.*\[2, 2\]/);
    expectError(() => W.compare('lt', a, [6], a, [-1, -6]), /compare\(lt\).*invalid size -1/);
    expectError(() => W.binary('add', a, [2.5], a, [6]), /invalid size 2.5/);
    expectError(() => W.where(a, [6], a, [6], a, [2, 3]), /where: shapes cond \[6\], a \[6\], b \[2, 3\]/);
    expectError(() => W.broadcastTo(a, [6], [3, 2]), /broadcastTo.*\[6\].*\[3, 2\]/);
    expectError(() => W.sumToShape(a, [6], [2]), /sumToShape.*\[6\].*\[2\]/);
    expectError(() => W.unaryBackward('exp', a, a, W.fromArray([1]), undefined), /unaryBackward\(exp\).*dy has 1/);
    expectError(() => W.binary('bogus' as BinaryOp, a, [6], a, [6]), /unknown op 'bogus'/);
    expectError(() => W.unary('bogus' as UnaryOp, a), /unknown op 'bogus'/);
  });

  it('reject invalid scalars and params', () => {
    expectError(() => W.binaryScalar('add', a, NaN), /binaryScalar\(add\): scalar/);
    expectError(() => W.unary('powScalar', a, {}), /exponent/);
    expectError(() => W.unary('powScalar', a, { exponent: Infinity }), /exponent must be a finite/);
    expectError(() => W.unary('clamp', a, {}), /at least one of min and max/);
    expectError(() => W.unary('clamp', a, { min: NaN }), /NaN/);
    expectError(() => W.unary('softplus', a, { beta: 0 }), /beta must be non-zero/);
    expectError(() => W.unary('leakyRelu', a, { alpha: NaN }), /alpha must be a finite/);
  });

  it('reject freed buffers before touching memory', () => {
    const dead = W.fromArray([1, 2]);
    dead.free();
    expectError(() => W.unary('exp', dead), /unary\(exp\): x.*was freed/);
    expectError(() => W.binary('add', a, [6], dead, [2]), /binary\(add\): b.*was freed/);
    expectError(() => W.where(dead, [2], dead, [2], dead, [2]), /where: cond.*was freed/);
  });

  it('the same checks hold on the reference backend', () => {
    const r = R.fromArray([1, 2, 3, 4, 5, 6]);
    expectError(() => R.binary('add', r, [2, 3], r, [3, 2]), /binary\(add\).*\[2, 3\].*\[3, 2\]/);
    expectError(() => R.unary('clamp', r, {}), /at least one/);
    expectError(() => R.sumToShape(r, [6], [2]), /sumToShape/);
  });
});

describe('steady state and allocation', () => {
  it('repeated broadcast ops inside tidy never grow memory or the scratch', () => {
    const x = W.fromArray(randomData(seeded(1), 4 * 3 * 5));
    const y = W.fromArray(randomData(seeded(2), 3));
    const step = () =>
      W.tidy(() => {
        const s = W.binary('mul', x, [4, 3, 5], y, [3, 1]);
        const c = W.where(W.compare('gt', s, [4, 3, 5], y, [3, 1]), [4, 3, 5], s, [4, 3, 5], x, [4, 3, 5]);
        const u = W.unary('gelu', c);
        W.sumToShape(W.broadcastTo(y, [3, 1], [2, 3, 7]), [2, 3, 7], [3, 1]);
        return W.binaryScalar('add', u, 1);
      });
    W.free(step());
    const top = core.heapTop;
    const bytes = core.memoryBytes;
    const live = core.liveBytes;
    for (let i = 0; i < 100; i++) W.free(step());
    expect(core.heapTop).toBe(top);
    expect(core.memoryBytes).toBe(bytes);
    expect(core.liveBytes).toBe(live);
  });
});

describe('PyTorch fixtures (forward values)', () => {
  const UNARY_FIXTURES: Record<string, (attrs: Record<string, unknown>) => [UnaryOp, UnaryParams | undefined]> = {
    neg: () => ['neg', undefined],
    exp: () => ['exp', undefined],
    log: () => ['log', undefined],
    sqrt: () => ['sqrt', undefined],
    tanh: () => ['tanh', undefined],
    sigmoid: () => ['sigmoid', undefined],
    relu: () => ['relu', undefined],
    abs: () => ['abs', undefined],
    gelu: (a) => [a.approximate === 'tanh' ? 'geluTanh' : 'gelu', undefined],
    leaky_relu: (a) => ['leakyRelu', { alpha: a.negative_slope as number }],
    softplus: (a) => ['softplus', { beta: a.beta as number, threshold: a.threshold as number }],
    pow_scalar: (a) => ['powScalar', { exponent: a.exponent as number }],
    clamp: (a) => ['clamp', { ...(a.min !== null ? { min: a.min as number } : {}), ...(a.max !== null ? { max: a.max as number } : {}) }],
  };
  const cases = autodiffOpCases();

  it('unary ops match', () => {
    let checked = 0;
    for (const c of cases) {
      const map = UNARY_FIXTURES[c.op];
      if (!map) continue;
      const [op, params] = map(c.attrs);
      const got = W.toArray(W.unary(op, W.fromArray(floats(c.inputs.x!)), params));
      expect(mismatch(got, floats(c.expected.output), c.rtol, c.atol), c.id).toBeUndefined();
      expect(mismatch(R.unary(op, R.fromArray(floats(c.inputs.x!)), params), floats(c.expected.output), 1e-9, 1e-12), `${c.id} (reference)`).toBeUndefined();
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(24);
  });

  it('binary ops and where match', () => {
    let checked = 0;
    for (const c of cases) {
      const op = c.op === 'pow_tensor' ? 'pow' : (c.op as BinaryOp);
      if (!BINARY_OPS.includes(op) && c.op !== 'where') continue;
      const i = c.inputs;
      const got =
        c.op === 'where'
          ? W.where(W.fromArray(floats(i.cond!)), i.cond!.shape, W.fromArray(floats(i.a!)), i.a!.shape, W.fromArray(floats(i.b!)), i.b!.shape)
          : W.binary(op, W.fromArray(floats(i.a!)), i.a!.shape, W.fromArray(floats(i.b!)), i.b!.shape);
      expect(mismatch(W.toArray(got), floats(c.expected.output), c.rtol, c.atol), c.id).toBeUndefined();
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(16);
  });
});
