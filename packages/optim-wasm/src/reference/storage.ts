import { DescentError } from '../errors.js';
import type { Backend } from '../backend/backend.js';
import { checkCount } from '../shape.js';
import { checkNotNaN } from '../kernels/op-codes.js';
import type { StorageOps } from '../kernels/storage.js';

function checkArray(x: Float64Array, kernel: string, field: string): void {
  if (!(x instanceof Float64Array)) throw new DescentError('type', `${kernel}: ${field} must be a Float64Array, got ${String(x)}`);
}

/** Storage of the f64 reference backend: plain Float64Arrays, freed by the garbage collector. */
export function storageReference(): Pick<Backend<Float64Array>, StorageOps> {
  return {
    zeros(n) {
      checkCount(n, 'zeros', 'length');
      return new Float64Array(n);
    },
    full(n, value) {
      checkCount(n, 'full', 'length');
      checkNotNaN(value, 'full', 'value');
      return new Float64Array(n).fill(value);
    },
    fromArray(data) {
      if (data === null || typeof data !== 'object' || !Number.isInteger(data.length)) {
        throw new DescentError('type', `fromArray: data must be an array-like of numbers, got ${String(data)}`);
      }
      return Float64Array.from(data);
    },
    toArray(x) {
      checkArray(x, 'toArray', 'x');
      return x.slice();
    },
    length(x) {
      checkArray(x, 'length', 'x');
      return x.length;
    },
    free() {},
    tidy: (fn) => fn(),
    // garbage-collected: nothing to exempt
    keep(x) {
      checkArray(x, 'keep', 'x');
      return x;
    },
    copy(x) {
      checkArray(x, 'copy', 'x');
      return x.slice();
    },
    axpyInPlace(y, x, alpha) {
      checkArray(y, 'axpyInPlace', 'y');
      checkArray(x, 'axpyInPlace', 'x');
      if (y.length !== x.length) throw new DescentError('shape', `axpyInPlace: y has ${y.length}, x has ${x.length} elements; they must be equal`);
      if (!Number.isFinite(alpha)) throw new DescentError('param', `axpyInPlace: alpha must be finite, got ${alpha}`);
      for (let i = 0; i < y.length; i++) y[i] = y[i]! + alpha * x[i]!;
    },
    fillInPlace(x, value) {
      checkArray(x, 'fillInPlace', 'x');
      checkNotNaN(value, 'fillInPlace', 'value');
      x.fill(value);
    },
  };
}
