import { DescentError, type MatmulEpilogue } from '@descent/optim-wasm';
import { leafGradSink, plainBackward, record } from '../engine.js';
import { mul } from './arithmetic.js';
import { gt } from './compare.js';
import { isGradEnabled } from '../grad-mode.js';
import { Tensor } from '../tensor.js';
import { broadcastShapes, fmt, sameShape, sizeOf } from '../shape.js';
import { broadcastTo, reduceToShape } from './broadcast.js';
import { reshape } from './movement.js';
import { backendOf, checkTensor, OPTIONAL } from './util.js';

/**
 * The batched kernel as an op: a [Ba, ·, ·], b [Bb, ·, ·] with Ba, Bb ∈ {B, 1} (1 = shared by every
 * problem, stride 0); out[i] = op(a[i])·op(b[i]) (+ bias), op = transpose where flagged.
 * With out = A'B': dA' = dy·B'ᵀ and dB' = A'ᵀ·dy, written as this same op with flipped flags
 * (so the backward is differentiable again); a shared side sums its gradient over the batch.
 */
export function bmm<S>(a: Tensor<S>, b: Tensor<S>, transA = false, transB = false, bias?: Tensor<S>): Tensor<S> {
  checkTensor('bmm', 'a', a);
  checkTensor('bmm', 'b', b);
  checkTensor('bmm', 'bias', bias, OPTIONAL);
  const be = bias ? backendOf('matmul', a, b, bias) : backendOf('matmul', a, b);
  if (a.rank !== 3 || b.rank !== 3) throw new DescentError('shape', `matmul: bmm needs 3-D inputs, got ${fmt(a.shape)} and ${fmt(b.shape)}`);
  const [ba, a1, a2] = a.shape as [number, number, number];
  const [bb, b1, b2] = b.shape as [number, number, number];
  const m = transA ? a2 : a1;
  const k = transA ? a1 : a2;
  const kb = transB ? b2 : b1;
  const n = transB ? b1 : b2;
  if (k !== kb) {
    throw new DescentError('shape', `matmul: shapes ${fmt(a.shape)}${transA ? 'ᵀ' : ''} and ${fmt(b.shape)}${transB ? 'ᵀ' : ''} do not align (inner dims ${k} vs ${kb})`);
  }
  const batch = Math.max(ba, bb);
  if ((ba !== batch && ba !== 1) || (bb !== batch && bb !== 1)) {
    throw new DescentError('shape', `matmul: batch sizes ${ba} and ${bb} of ${fmt(a.shape)} and ${fmt(b.shape)} do not broadcast`);
  }
  if (bias && !sameShape(bias.shape, [n])) throw new DescentError('shape', `matmul: bias ${fmt(bias.shape)} must have shape [${n}]`);
  const data = be.matmul(
    a.storageFor('matmul'),
    b.storageFor('matmul'),
    { m, k, n, transA, transB, batch, aBatchStride: ba === 1 ? 0 : m * k, bBatchStride: bb === 1 ? 0 : k * n },
    bias?.storageFor('matmul'),
  );
  const inputs = bias ? [a, b, bias] : [a, b];
  return record('matmul', inputs, data, [batch, m, n], (dy) => {
    let da: Tensor<S> | null = null;
    let db: Tensor<S> | null = null;
    if (a.requiresGrad) da = reduceToShape(transA ? bmm(b, dy, transB, true) : bmm(dy, b, false, !transB), a.shape);
    if (b.requiresGrad) db = reduceToShape(transB ? bmm(dy, a, true, transA) : bmm(a, dy, !transA, false), b.shape);
    return bias ? [da, db, bias.requiresGrad ? reduceToShape(dy, bias.shape) : null] : [da, db];
  }, [a, b]);
}

/**
 * Matrix product with PyTorch's `torch.matmul` semantics: 1-D operands are promoted (and the
 * added dim removed), leading dims are batch dims that broadcast, e.g.
 * [2,1,2,3] @ [3,3,2] → [2,3,2,2]. A 2-D right operand runs as one large product.
 */
export function matmul<S>(a: Tensor<S>, b: Tensor<S>): Tensor<S> {
  checkTensor('matmul', 'a', a);
  checkTensor('matmul', 'b', b);
  backendOf('matmul', a, b);
  if (a.rank === 0 || b.rank === 0) throw new DescentError('shape', `matmul: both operands need at least 1 dim, got ${fmt(a.shape)} and ${fmt(b.shape)}`);
  if (a.rank === 1) {
    const out = matmul(reshape(a, [1, a.shape[0]!]), b);
    return reshape(out, [...out.shape.slice(0, -2), out.shape[out.rank - 1]!]);
  }
  if (b.rank === 1) {
    const out = matmul(a, reshape(b, [b.shape[0]!, 1]));
    return reshape(out, out.shape.slice(0, -1));
  }
  const m = a.shape[a.rank - 2]!;
  const k = a.shape[a.rank - 1]!;
  const kb = b.shape[b.rank - 2]!;
  const n = b.shape[b.rank - 1]!;
  if (k !== kb) throw new DescentError('shape', `matmul: shapes ${fmt(a.shape)} and ${fmt(b.shape)} do not align (inner dims ${k} vs ${kb})`);
  if (b.rank === 2) {
    const out = bmm(reshape(a, [1, sizeOf(a.shape.slice(0, -1)), k]), reshape(b, [1, k, n]));
    return reshape(out, [...a.shape.slice(0, -1), n]);
  }
  const batchA = a.shape.slice(0, -2);
  const batchB = b.shape.slice(0, -2);
  let batch: number[];
  try {
    batch = broadcastShapes('matmul', batchA, batchB);
  } catch {
    throw new DescentError('shape', `matmul: batch dims of ${fmt(a.shape)} and ${fmt(b.shape)} cannot be broadcast together`);
  }
  const B = sizeOf(batch);
  const to3 = (t: Tensor<S>, own: readonly number[], r: number, c: number) => {
    if (sizeOf(own) === 1) return reshape(t, [1, r, c]);
    if (sizeOf(own) === B) return reshape(t, [B, r, c]); // same batch (left-padded with 1s)
    return reshape(broadcastTo(t, [...batch, r, c]), [B, r, c]);
  };
  const out = bmm(to3(a, batchA, m, k), to3(b, batchB, kb, n));
  return reshape(out, [...batch, m, n]);
}

/**
 * x·Wᵀ + bias for x [..., in], W [out, in], bias [out] (the Linear layer), one fused kernel.
 * Backward, with dy [N, out] (N = the product of x's leading dims): dx = dy·W, dW = dyᵀ·x,
 * db = Σ_rows dy. In a plain `backward()` dW and db are added straight into the parameters'
 * gradient buffers (a matmul that accumulates into its output, a fused column sum); with
 * `createGraph` they are differentiable ops like every other backward.
 */
export function linear<S>(x: Tensor<S>, weight: Tensor<S>, bias?: Tensor<S>): Tensor<S> {
  checkTensor('linear', 'x', x);
  checkTensor('linear', 'weight', weight);
  checkTensor('linear', 'bias', bias, OPTIONAL);
  return linearOp(x, weight, bias, false);
}

/**
 * relu(x·Wᵀ + bias) in one kernel (Sequential fuses Linear → ReLU into it): the relu is applied
 * as the product is stored, and relu's backward mask is applied by the kernel that produces the
 * incoming gradient when it can (the next Linear's dx), else by one pass here. Same values as
 * `relu(linear(x, W, b))`.
 */
export function linearRelu<S>(x: Tensor<S>, weight: Tensor<S>, bias?: Tensor<S>): Tensor<S> {
  checkTensor('linearRelu', 'x', x);
  checkTensor('linearRelu', 'weight', weight);
  checkTensor('linearRelu', 'bias', bias, OPTIONAL);
  return linearOp(x, weight, bias, true);
}

/** Gradients that already went through relu's backward mask, in the matmul that produced them. */
const reluMasked = new WeakSet<object>();

function linearOp<S>(x: Tensor<S>, weight: Tensor<S>, bias: Tensor<S> | undefined, relu: boolean): Tensor<S> {
  const op = relu ? 'linearRelu' : 'linear';
  const be = bias ? backendOf(op, x, weight, bias) : backendOf(op, x, weight);
  if (weight.rank !== 2 || x.rank < 1) throw new DescentError('shape', `${op}: needs x [..., in] and weight [out, in], got ${fmt(x.shape)} and ${fmt(weight.shape)}`);
  const [o, i] = weight.shape as [number, number];
  if (x.shape[x.rank - 1] !== i) throw new DescentError('shape', `${op}: x ${fmt(x.shape)} does not match weight ${fmt(weight.shape)} (in features ${i})`);
  if (bias && !sameShape(bias.shape, [o])) throw new DescentError('shape', `${op}: bias ${fmt(bias.shape)} must have shape [${o}]`);
  // out shape: x's leading dims, then o
  const outShape = x.shape.slice();
  outShape[outShape.length - 1] = o;
  let n = 1;
  for (let d = 0; d < x.rank - 1; d++) n *= x.shape[d]!;
  const data = be.matmul(x.storageFor(op), weight.storageFor(op), { m: n, k: i, n: o, transB: true }, bias?.storageFor(op), relu ? RELU_EPILOGUE : undefined);
  const inputs = bias ? [x, weight, bias] : [x, weight];
  return record(relu ? LINEAR_RELU : 'linear', inputs, data, outShape, (dy, out) => {
    const graph = isGradEnabled();
    // g = dL/d(pre-activation)
    let g = dy;
    if (relu) {
      if (graph) g = mul(dy, gt(out.detach(), 0)); // relu'' = 0: the mask is a constant
      else if (!reluMasked.has(dy)) g = Tensor.fromStorage(be, be.unaryBackward('relu', out.storageFor(op), out.storageFor(op), dy.storageFor(op)), dy.shape);
    }
    let dx: Tensor<S> | null = null;
    if (x.requiresGrad) {
      if (graph) dx = reshape(matmul(reshape(g, [n, o]), weight), x.shape);
      else {
        // x made by linearRelu: apply its relu mask here, as dx is stored (only when no one can see dx itself)
        const fuse = x.node?.op === LINEAR_RELU && plainBackward() && !x.retainsGrad;
        const d = be.matmul(g.storageFor(op), weight.storageFor(op), { m: n, k: o, n: i }, undefined, fuse ? { kind: 'maskPositive', mask: x.storageFor(op) } : undefined);
        dx = Tensor.fromStorage(be, d, x.shape);
        if (fuse) reluMasked.add(dx);
      }
    }
    let dw: Tensor<S> | null = null;
    if (weight.requiresGrad) {
      const sink = leafGradSink(weight);
      if (sink !== null) {
        be.matmulAccumulate(sink.storageFor('backward'), g.storageFor(op), x.storageFor(op), { m: o, k: n, n: i, transA: true });
        sink.markModified();
      } else {
        dw = graph
          ? reshape(bmm(reshape(g, [1, n, o]), reshape(x, [1, n, i]), true, false), [o, i])
          : Tensor.fromStorage(be, be.matmul(g.storageFor(op), x.storageFor(op), { m: o, k: n, n: i, transA: true }), weight.shape);
      }
    }
    if (!bias) return [dx, dw];
    let db: Tensor<S> | null = null;
    if (bias.requiresGrad) {
      const sink = leafGradSink(bias);
      if (sink !== null) {
        be.sumRowsAccumulate(sink.storageFor('backward'), g.storageFor(op), n, o);
        sink.markModified();
      } else db = reduceToShape(reshape(g, [n, o]), bias.shape);
    }
    return [dx, dw, db];
  }, relu ? undefined : [x, weight]);
}

const LINEAR_RELU = 'linearRelu';
const RELU_EPILOGUE: MatmulEpilogue<any> = Object.freeze({ kind: 'relu' });
