import { DescentError } from '../errors.js';
import { F32Buffer } from '../core/buffer.js';
import type { Core } from '../core/core.js';
import type { Shape } from '../backend/backend.js';
import { checkLength, checkShape } from '../shape.js';

/** Throw unless `buf` is a live F32Buffer of this core. */
export function checkBuf(core: Core, buf: F32Buffer, kernel: string, field: string): void {
  if (!(buf instanceof F32Buffer)) throw new DescentError('type', `${kernel}: ${field} must be an F32Buffer, got ${String(buf)}`);
  if (buf.core !== core) throw new DescentError('type', `${kernel}: ${field} belongs to another core`);
  if (!buf.isAlive) buf.assertAlive(`${kernel}: ${field}`); // the message is built only on failure
}

/** A live buffer whose length matches a valid shape. */
export function checkTensor(core: Core, buf: F32Buffer, shape: Shape, kernel: string, field: string): void {
  checkBuf(core, buf, kernel, field);
  checkShape(shape, kernel, `${field} shape`);
  checkLength(buf.length, shape, kernel, field);
}

/** Same length for buffers that are combined elementwise. */
export function checkSameLength(kernel: string, fields: readonly string[], lengths: readonly number[]): void {
  for (let i = 1; i < lengths.length; i++) {
    if (lengths[i] !== lengths[0]) {
      throw new DescentError(
        'shape',
        `${kernel}: ${fields.map((f, j) => `${f} has ${lengths[j]}`).join(', ')} elements; they must be equal`,
      );
    }
  }
}

/** rows·cols must equal the buffer length; both non-negative integers. */
export function checkMatrix(length: number, rows: number, cols: number, kernel: string, field: string): void {
  if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(cols) || cols < 0) {
    throw new DescentError('shape', `${kernel}: rows and cols must be non-negative integers, got rows ${rows}, cols ${cols}`);
  }
  if (rows * cols !== length) {
    throw new DescentError('shape', `${kernel}: ${field} has ${length} elements but [rows ${rows}, cols ${cols}] needs ${rows * cols}`);
  }
}
