import type { F32Buffer } from '../core/buffer.js';
import type { Core } from '../core/core.js';
import type { Backend, Conv2dGeometry } from '../backend/backend.js';
import { checkConvLength, checkMaxPoolBackward, convSizes, planConv, show, type ConvPlan } from '../reference/conv.js';
import { checkBuf } from './checks.js';
import { withInts } from './movement.js';

type ConvOps = 'im2col' | 'col2im' | 'maxPool2d' | 'maxPool2dBackward' | 'avgPool2d' | 'avgPool2dBackward';

/** kh, kw, strideH, strideW, padH, padW, dilationH, dilationW, outH, outW: the tail of every conv export. */
function window(q: ConvPlan): [number, number, number, number, number, number, number, number, number, number] {
  return [q.kh, q.kw, q.strideH, q.strideW, q.padH, q.padW, q.dilationH, q.dilationW, q.outH, q.outW];
}

/**
 * The WASM backend's convolution and pooling part (NCHW). A convolution is
 * `im2col` followed by one matmul per image: out[n] = W[cOut, c·kh·kw] · cols[n].
 */
export function convKernels(core: Core): Pick<Backend<F32Buffer>, ConvOps> {
  const ex = core.exports;
  const input = (buf: F32Buffer, p: Conv2dGeometry, op: string, field: string, pooling: boolean, which: 'input' | 'cols' | 'pooled'): ConvPlan => {
    checkBuf(core, buf, op, field);
    const q = planConv(p, op, pooling);
    checkConvLength(buf.length, convSizes(q)[which], op, field, show(q));
    return q;
  };
  return {
    im2col(x, p) {
      const q = input(x, p, 'im2col', 'x', false, 'input');
      const cols = core.allocUninit(convSizes(q).cols, 'im2col');
      ex.im2col(x.ptr, cols.ptr, q.n, q.c, q.h, q.w, ...window(q));
      return cols;
    },
    col2im(cols, p) {
      const q = input(cols, p, 'col2im', 'cols', false, 'cols');
      const x = core.allocUninit(convSizes(q).input, 'col2im');
      ex.col2im(cols.ptr, x.ptr, q.n, q.c, q.h, q.w, ...window(q));
      return x;
    },
    maxPool2d(x, p) {
      const q = input(x, p, 'maxPool2d', 'x', true, 'input');
      const n = convSizes(q).pooled;
      const out = core.allocUninit(n, 'maxPool2d');
      const idx = core.allocUninit(n, 'maxPool2d');
      try {
        ex.maxPool2d(x.ptr, out.ptr, idx.ptr, q.n * q.c, q.h, q.w, ...window(q));
        return { out, argmax: new Int32Array(core.memory.buffer, idx.ptr, n).slice() };
      } finally {
        idx.free();
      }
    },
    maxPool2dBackward(dy, argmax, p) {
      const q = input(dy, p, 'maxPool2dBackward', 'dy', true, 'pooled');
      checkMaxPoolBackward(dy.length, argmax, q);
      const dx = core.allocUninit(convSizes(q).input, 'maxPool2dBackward');
      withInts(core, [argmax], ([ap]) => ex.maxPool2dBackward(dy.ptr, ap!, dx.ptr, q.n * q.c, q.h, q.w, q.outH * q.outW));
      return dx;
    },
    avgPool2d(x, p) {
      const q = input(x, p, 'avgPool2d', 'x', true, 'input');
      const out = core.allocUninit(convSizes(q).pooled, 'avgPool2d');
      ex.avgPool2d(x.ptr, out.ptr, q.n * q.c, q.h, q.w, ...window(q));
      return out;
    },
    avgPool2dBackward(dy, p) {
      const q = input(dy, p, 'avgPool2dBackward', 'dy', true, 'pooled');
      const dx = core.allocUninit(convSizes(q).input, 'avgPool2dBackward');
      ex.avgPool2dBackward(dy.ptr, dx.ptr, q.n * q.c, q.h, q.w, ...window(q));
      return dx;
    },
  };
}
