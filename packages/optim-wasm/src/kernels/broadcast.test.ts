import { describe, expect, it } from 'vitest';
import { loadCoreSync } from '../core/loader.js';
import { createWasmBackend } from '../backend/wasm-backend.js';
import { createReferenceBackend } from '../backend/reference-backend.js';
import type { BinaryOp, CompareOp, Shape } from '../backend/backend.js';
import { size } from '../shape.js';
import { mismatch, randomData, seeded } from '../../test/support/kernels.js';

const core = loadCoreSync();
const W = createWasmBackend(core);
const R = createReferenceBackend();

const LENGTHS = [0, 1, 3, 4, 5, 8, 17, 1023];

const BINARY_OPS: BinaryOp[] = ['add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum'];
const COMPARE_OPS: CompareOp[] = ['eq', 'ne', 'lt', 'le', 'gt', 'ge'];

/** Every broadcasting pattern the tests sweep: equal, scalar, row, column, middle axis, both sides. */
const BROADCAST_PATTERNS: [Shape, Shape][] = [
  [[5, 7], [5, 7]],
  [[13], [13]],
  [[5, 7], []],
  [[], [6, 3]],
  [[5, 7], [1]],
  [[5, 7], [7]],
  [[7], [5, 7]],
  [[5, 7], [5, 1]],
  [[5, 1], [5, 7]],
  [[4, 3, 5], [3, 1]],
  [[4, 3, 5], [1, 3, 1]],
  [[4, 1, 5], [3, 1]],
  [[3, 1], [1, 6]],
  [[2, 1, 4, 1], [3, 1, 5]],
  [[0, 3], [3]],
  [[2, 0], [1, 1]],
  [[1, 1, 1], [1]],
  [[2, 3, 4, 5, 6], [3, 1, 5, 1]],
];

function operands(rand: () => number, op: BinaryOp | CompareOp, shape: Shape, base: boolean): number[] {
  if (op === 'pow') return base ? randomData(rand, size(shape), 0.1, 3) : randomData(rand, size(shape), -3, 3);
  if (op === 'div' && !base) return randomData(rand, size(shape), 0.5, 3).map((v, i) => (i % 2 ? v : -v));
  // Small integers make ties (eq, ge, maximum) actually happen.
  if (COMPARE_OPS.includes(op as CompareOp)) return Array.from({ length: size(shape) }, () => Math.floor(rand() * 4));
  return randomData(rand, size(shape));
}

describe('binary kernels with broadcasting against the reference', () => {
  for (const op of [...BINARY_OPS, ...COMPARE_OPS]) {
    it(`${op} over every broadcasting pattern`, () => {
      const rand = seeded(op.charCodeAt(0) * 31 + op.length);
      for (const [as, bs] of BROADCAST_PATTERNS) {
        const a = operands(rand, op, as, true);
        const b = operands(rand, op, bs, false);
        const isCompare = COMPARE_OPS.includes(op as CompareOp);
        const got = isCompare
          ? W.compare(op as CompareOp, W.fromArray(a), as, W.fromArray(b), bs)
          : W.binary(op as BinaryOp, W.fromArray(a), as, W.fromArray(b), bs);
        const want = isCompare
          ? R.compare(op as CompareOp, R.fromArray(a), as, R.fromArray(b), bs)
          : R.binary(op as BinaryOp, R.fromArray(a), as, R.fromArray(b), bs);
        expect(mismatch(W.toArray(got), want, op === 'pow' ? 2e-6 : 1e-7, 1e-30), `${op} ${JSON.stringify([as, bs])}`).toBeUndefined();
      }
    });
  }

  it('binaryScalar in both orders', () => {
    const rand = seeded(5);
    for (const op of BINARY_OPS) {
      for (const n of LENGTHS) {
        const x = operands(rand, op, [n], op !== 'pow');
        for (const first of [false, true]) {
          const s = op === 'pow' ? (first ? 1.7 : 2) : -1.25;
          const got = W.toArray(W.binaryScalar(op, W.fromArray(x.map((v) => (op === 'pow' && first ? v : v))), s, first));
          const want = R.binaryScalar(op, R.fromArray(x), s, first);
          expect(mismatch(got, want, 2e-6, 1e-30), `${op} ${first} n=${n}`).toBeUndefined();
        }
      }
    }
  });

  it('pow follows C semantics for negative bases and zero exponents', () => {
    const a = W.fromArray([-2, -2, -2, 0, 0, 5, 1]);
    const b = W.fromArray([3, 2, 0.5, -1, 0, 0, NaN]);
    const got = Array.from(W.toArray(W.binary('pow', a, [7], b, [7])));
    expect(got.slice(0, 2)).toEqual([-8, 4]);
    expect(Number.isNaN(got[2])).toBe(true);
    expect(got.slice(3)).toEqual([Infinity, 1, 1, 1]);
  });

  it('maximum/minimum propagate NaN like PyTorch', () => {
    const got = W.toArray(W.binary('maximum', W.fromArray([NaN, 1, 2, 3, NaN]), [5], W.fromArray([0, NaN, 1, 4, 5]), [5]));
    expect(Array.from(got).map((v) => (Number.isNaN(v) ? 'nan' : v))).toEqual(['nan', 'nan', 2, 4, 'nan']);
  });

  it('where broadcasts cond, a and b', () => {
    const rand = seeded(77);
    const cases: [Shape, Shape, Shape][] = [
      [[2, 3], [2, 3], [2, 3]],
      [[2, 3], [3], [2, 1]],
      [[1], [4, 5], []],
      [[4, 1, 3], [5, 1], [1, 5, 3]],
      [[6], [6], [1]],
      [[0, 2], [2], [1]],
      [[3, 9], [3, 9], [9]],
    ];
    for (const [cs, as, bs] of cases) {
      const c = Array.from({ length: size(cs) }, () => (rand() < 0.5 ? 1 : 0));
      const a = randomData(rand, size(as));
      const b = randomData(rand, size(bs));
      const got = W.where(W.fromArray(c), cs, W.fromArray(a), as, W.fromArray(b), bs);
      const want = R.where(R.fromArray(c), cs, R.fromArray(a), as, R.fromArray(b), bs);
      expect(mismatch(W.toArray(got), want, 0, 0), JSON.stringify([cs, as, bs])).toBeUndefined();
    }
  });

  it('broadcastTo and sumToShape undo each other (sumToShape of broadcastTo = count · x)', () => {
    const rand = seeded(9);
    const cases: [Shape, Shape][] = [
      [[3], [4, 3]],
      [[4, 1], [4, 5]],
      [[1, 5, 1], [2, 5, 3]],
      [[], [2, 3]],
      [[2, 3], [2, 3]],
      [[1], [0, 4]],
      [[3, 1, 2], [4, 3, 7, 2]],
    ];
    for (const [from, to] of cases) {
      const x = randomData(rand, size(from));
      const up = W.broadcastTo(W.fromArray(x), from, to);
      expect(mismatch(W.toArray(up), R.broadcastTo(R.fromArray(x), from, to), 0, 0), `broadcastTo ${JSON.stringify([from, to])}`).toBeUndefined();
      const big = randomData(rand, size(to));
      const down = W.sumToShape(W.fromArray(big), to, from);
      expect(mismatch(W.toArray(down), R.sumToShape(R.fromArray(big), to, from), 1e-6, 1e-6), `sumToShape ${JSON.stringify([to, from])}`).toBeUndefined();
      const k = size(from) === 0 ? 0 : size(to) / size(from);
      const roundTrip = W.toArray(W.sumToShape(up, to, from));
      expect(mismatch(roundTrip, x.map((v) => v * k), 1e-6, 1e-6)).toBeUndefined();
    }
  });
});

