import type { Core } from '../core/core.js';
import type { CoreExports } from '../core/exports.js';

/**
 * Range kernels: each output element depends only on the same element of the inputs, so the
 * range [0, n) splits into contiguous parts (aligned to 64 elements, which every SIMD loop's
 * stride divides, so each element takes the same code path as on one thread) with bit-identical
 * results. Integer results (counts of non-finite values) are summed over parts.
 * [length argument index, pointer argument indices]; binaryRow's pointers depend on its steps.
 */
const RANGE_KERNELS: Record<string, [number, readonly number[]]> = {
  unaryF32: [3, [1, 2]],
  unaryBackwardF32: [5, [1, 2, 3, 4]],
  binaryScalarF32: [5, [1, 4]],
  axpyF32: [2, [0, 1]],
  scaleInPlace: [1, [0]],
  clipInPlace: [1, [0]],
  addScaledInPlace: [2, [0, 1]],
  countNonFinite: [1, [0]],
  sgdUpdate: [3, [0, 1, 2]],
  adagradUpdate: [3, [0, 1, 2]],
  adadeltaUpdate: [4, [0, 1, 2, 3]],
  rmspropUpdate: [5, [0, 1, 2, 3, 4]],
  adamUpdate: [5, [0, 1, 2, 3, 4]],
  nadamUpdate: [4, [0, 1, 2, 3]],
  radamUpdate: [4, [0, 1, 2, 3]],
  adamaxUpdate: [4, [0, 1, 2, 3]],
};
const ALIGN = 64;

type Fn = (...args: number[]) => number | void;
const cache = new WeakMap<Core, CoreExports>();

/**
 * The core's exports with the range kernels split over its kernel threads from the pool's
 * element threshold on. A core without threads gets its plain exports (no wrapper at all).
 */
export function parallelExports(core: Core): CoreExports {
  if (!core.pool) return core.exports;
  const have = cache.get(core);
  if (have) return have;
  const base = core.exports as unknown as Record<string, Fn>;
  const ex: Record<string, unknown> = { ...base };
  const binaryRow = base['binaryRow']!;
  for (const [name, [nIndex, pointers]] of Object.entries(RANGE_KERNELS)) {
    const f = base[name]!;
    // Fixed arity (wasm ignores extra arguments): no array is allocated on the small-op path.
    ex[name] = function (a: number, b: number, c: number, d: number, e: number, g: number, h: number, i: number, j: number, k: number, l: number, m: number, n: number, o: number, p: number, q: number, r: number) {
      const pool = core.pool;
      // eslint-disable-next-line prefer-rest-params
      if (!pool || (arguments[nIndex] as number) < pool.thresholds.elements) return f(a, b, c, d, e, g, h, i, j, k, l, m, n, o, p, q, r);
      // eslint-disable-next-line prefer-rest-params
      const args = Array.prototype.slice.call(arguments, 0, f.length) as number[];
      return pool.run(name, args, pool.size, { kind: 'range', nIndex, pointers, align: ALIGN });
    };
  }
  ex['binaryRow'] = (op: number, aPtr: number, aStep: number, bPtr: number, bStep: number, outPtr: number, n: number) => {
    const pool = core.pool;
    if (!pool || n < pool.thresholds.elements) return binaryRow(op, aPtr, aStep, bPtr, bStep, outPtr, n);
    // a step-0 operand is one broadcast value: its pointer stays put
    const pointers = [...(aStep ? [1] : []), ...(bStep ? [3] : []), 5];
    return pool.run('binaryRow', [op, aPtr, aStep, bPtr, bStep, outPtr, n], pool.size, { kind: 'range', nIndex: 6, pointers, align: ALIGN });
  };
  const wrapped = ex as unknown as CoreExports;
  cache.set(core, wrapped);
  return wrapped;
}
