import { describe, expect, it } from 'vitest';
import { loadCoreSync } from '../core/loader.js';
import { createWasmBackend } from '../backend/wasm-backend.js';
import { createReferenceBackend } from '../backend/reference-backend.js';
import { mismatch, randomData, seeded } from '../../test/support/kernels.js';

// sin/cos (assembly/math.ts sinCosV): Cody–Waite reduction by π/2 in four parts, so accuracy is
// relative even next to the zeros, where a naive x − n·π/2 in f32 cancels to noise.
const W = createWasmBackend(loadCoreSync());
const R = createReferenceBackend();
const OPS = ['sin', 'cos'] as const;

/** The f32 values nearest k·π/2 for k = 1..kMax and their two neighbours, both signs. */
function nearMultiplesOfHalfPi(kMax: number): number[] {
  const f = new Float32Array(1);
  const u = new Uint32Array(f.buffer);
  const out: number[] = [];
  for (let k = 1; k <= kMax; k++) {
    f[0] = (k * Math.PI) / 2;
    const bits = u[0]!;
    for (const d of [-1, 0, 1]) {
      u[0] = bits + d;
      out.push(f[0]!, -f[0]!);
    }
  }
  return out;
}

const run = (op: 'sin' | 'cos', xs: number[]) => W.toArray(W.unary(op, W.fromArray(xs)));

describe('sin and cos (f32 SIMD) against the f64 reference', () => {
  it('stay within 3e-7 relative on |x| ≤ 1e4, next to every zero included', () => {
    const rand = seeded(2024);
    const xs = [
      ...Array.from({ length: 40001 }, (_, i) => Math.fround(-1e4 + i * 0.5)),
      ...randomData(rand, 20000, -1e4, 1e4),
      ...randomData(rand, 20000, -4, 4),
      ...nearMultiplesOfHalfPi(6366), // 6366·π/2 ≈ 1e4
    ];
    for (const op of OPS) expect(mismatch(run(op, xs), R.unary(op, R.fromArray(xs)), 3e-7, 0), op).toBeUndefined();
  });

  it('stay within 5e-7 relative up to the end of the SIMD range (|x| ≤ 5e4)', () => {
    const xs = [...randomData(seeded(7), 20000, -5e4, 5e4), ...nearMultiplesOfHalfPi(31830)];
    for (const op of OPS) expect(mismatch(run(op, xs), R.unary(op, R.fromArray(xs)), 5e-7, 0), op).toBeUndefined();
  });

  it('lanes beyond 5e4 take the scalar f64 path: correctly rounded up to FLT_MAX, mixed with small lanes', () => {
    const rand = seeded(11);
    const xs = randomData(rand, 4001, -1, 1).map((v, i) => Math.fround(i % 3 === 0 ? v * 3 : v * 10 ** (5 + (i % 34))));
    for (const op of OPS) expect(mismatch(run(op, xs), R.unary(op, R.fromArray(xs)), 1.2e-7, 0), op).toBeUndefined();
  });

  it('exact values at 0, π/2 and π (as f32), signed zero and non-finite inputs', () => {
    const halfPi = Math.fround(Math.PI / 2);
    const pi = Math.fround(Math.PI);
    const sin = Array.from(run('sin', [0, -0, halfPi, pi, -halfPi, Infinity, -Infinity, NaN]));
    const cos = Array.from(run('cos', [0, -0, halfPi, pi, -pi, Infinity, -Infinity, NaN]));
    expect(sin.slice(0, 3)).toEqual([0, -0, 1]);
    expect(Object.is(sin[1], -0)).toBe(true);
    expect(sin[4]).toBe(-1);
    // sin(fl(π)) = π − fl(π) ≈ −8.742278e-8: only an accurate reduction gets this right
    expect(Math.abs(sin[3]! - Math.sin(pi)) / Math.abs(Math.sin(pi))).toBeLessThan(1e-6);
    expect(sin.slice(5).every(Number.isNaN)).toBe(true);
    expect([cos[0], cos[1], cos[3], cos[4]]).toEqual([1, 1, -1, -1]);
    expect(Math.abs(cos[2]! - Math.cos(halfPi)) / Math.abs(Math.cos(halfPi))).toBeLessThan(1e-6);
    expect(cos.slice(5).every(Number.isNaN)).toBe(true);
    // the f64 reference: exact where f64 is
    expect(Array.from(R.unary('sin', R.fromArray([0, Math.PI / 2])))).toEqual([0, 1]);
    expect(Array.from(R.unary('cos', R.fromArray([0, Math.PI])))).toEqual([1, -1]);
  });

  it('backward: d sin = cos x · dy and d cos = −sin x · dy, exact at 0, π/2, π', () => {
    const xs = [0, Math.fround(Math.PI / 2), Math.fround(Math.PI)];
    const dy = [2, 3, -5];
    const back = (op: 'sin' | 'cos') => {
      const x = W.fromArray(xs);
      return Array.from(W.toArray(W.unaryBackward(op, x, W.unary(op, x), W.fromArray(dy))));
    };
    const dsin = back('sin');
    expect([dsin[0], dsin[2]]).toEqual([2, 5]);
    expect(Math.abs(dsin[1]! - 3 * Math.cos(xs[1]!))).toBeLessThan(1e-13);
    const dcos = back('cos');
    expect([dcos[0], dcos[1]]).toEqual([-0, -3]);
    expect(Math.abs(dcos[2]! - 5 * Math.sin(xs[2]!))).toBeLessThan(1e-13);
    const r = (op: 'sin' | 'cos') => Array.from(R.unaryBackward(op, R.fromArray([0, Math.PI / 2]), R.fromArray([0, 0]), R.fromArray([2, 3])));
    expect(r('sin')[0]).toBe(2);
    expect(r('cos')[1]).toBe(-3);
  });

  it('a value gives the same bits wherever it sits (SIMD lanes and scalar tail)', () => {
    const v = Math.fround(1234.5678);
    for (const op of OPS) {
      const got = run(op, [v, v, v, v, v, v, v]);
      expect(new Set(Array.from(got)).size, op).toBe(1);
    }
  });
});
