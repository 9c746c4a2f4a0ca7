import { DescentError } from '../errors.js';
import type { F32Buffer } from '../core/buffer.js';
import type { Core } from '../core/core.js';
import type { Backend } from '../backend/backend.js';
import { checkBuf, checkSameLength } from './checks.js';
import { checkNotNaN } from './op-codes.js';

export type StorageOps = 'zeros' | 'full' | 'fromArray' | 'toArray' | 'length' | 'free' | 'tidy' | 'keep' | 'copy' | 'axpyInPlace' | 'fillInPlace';

/** Storage methods of the WASM backend: thin, checked wrappers over the core's allocator. */
export function storageKernels(core: Core): Pick<Backend<F32Buffer>, StorageOps> {
  const ex = core.exports;
  return {
    zeros: (n) => core.alloc(n, 'zeros'),
    full(n, value) {
      checkNotNaN(value, 'full', 'value');
      const out = core.allocUninit(n, 'full');
      if (n > 0) ex.fill(out.ptr, n, value);
      return out;
    },
    fromArray(data) {
      if (data === null || typeof data !== 'object' || !Number.isInteger(data.length)) {
        throw new DescentError('type', `fromArray: data must be an array-like of numbers, got ${String(data)}`);
      }
      const out = core.allocUninit(data.length, 'fromArray');
      return out.write(data);
    },
    toArray(x) {
      checkBuf(core, x, 'toArray', 'x');
      return x.read();
    },
    length(x) {
      checkBuf(core, x, 'length', 'x');
      return x.length;
    },
    free(x) {
      x.free();
    },
    tidy: (fn) => core.tidy(fn),
    keep(x) {
      checkBuf(core, x, 'keep', 'x');
      return core.keep(x);
    },
    copy(x) {
      checkBuf(core, x, 'copy', 'x');
      const out = core.allocUninit(x.length, 'copy');
      if (x.length > 0) ex.copy(x.ptr, out.ptr, x.length);
      return out;
    },
    axpyInPlace(y, x, alpha) {
      checkBuf(core, y, 'axpyInPlace', 'y');
      checkBuf(core, x, 'axpyInPlace', 'x');
      checkSameLength('axpyInPlace', ['y', 'x'], [y.length, x.length]);
      if (!Number.isFinite(alpha)) throw new DescentError('param', `axpyInPlace: alpha must be finite, got ${alpha}`);
      if (y.length > 0) ex.axpyF32(y.ptr, x.ptr, y.length, alpha);
    },
    fillInPlace(x, value) {
      checkBuf(core, x, 'fillInPlace', 'x');
      checkNotNaN(value, 'fillInPlace', 'value');
      if (x.length > 0) ex.fill(x.ptr, x.length, value);
    },
  };
}
