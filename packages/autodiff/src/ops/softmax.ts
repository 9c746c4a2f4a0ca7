import { record } from '../engine.js';
import { isGradEnabled } from '../grad-mode.js';
import { normAxes, normAxis, reducedShape } from '../shape.js';
import { Tensor } from '../tensor.js';
import { mul, sub } from './arithmetic.js';
import { permute, reshape } from './movement.js';
import { expandBack, sum, type Dim } from './reduce.js';
import { exp } from './unary.js';
import { checkTensor } from './util.js';

/** Apply a last-axis op along `dim` by moving `dim` last and back. */
function alongDim<S>(x: Tensor<S>, dim: number, op: string, f: (t: Tensor<S>) => Tensor<S>): Tensor<S> {
  const d = normAxis(op, dim, x.rank);
  if (d === x.rank - 1) return f(x);
  const perm = x.shape.map((_, i) => i);
  perm.splice(d, 1);
  perm.push(d);
  const inv = new Array<number>(perm.length);
  perm.forEach((p, i) => (inv[p] = i));
  return permute(f(permute(x, perm)), inv);
}

/** softmax(x)ᵢ = e^(xᵢ) / Σⱼ e^(xⱼ) along `dim`; dx = y ⊙ (dy − Σ dy ⊙ y). */
export function softmax<S>(x: Tensor<S>, dim = -1): Tensor<S> {
  checkTensor('softmax', 'x', x);
  if (x.rank === 0) return reshape(softmax(reshape(x, [1]), 0), []);
  return alongDim(x, dim, 'softmax', (t) => {
    const cols = t.shape[t.rank - 1]!;
    const rows = cols === 0 ? 0 : t.size / cols;
    const be = t.backend;
    const data = be.softmax(t.storageFor('softmax'), rows, cols);
    return record('softmax', [t], data, t.shape, (dy, y) => {
      if (isGradEnabled()) return [mul(y, sub(dy, sum(mul(dy, y), -1, true)))];
      return [Tensor.fromStorage(be, be.softmaxBackward(y.storageFor('softmax'), dy.storageFor('softmax'), rows, cols), t.shape)];
    });
  });
}

/** log softmax(x) = x − logsumexp(x) along `dim`; dx = dy − softmax ⊙ Σ dy. */
export function logSoftmax<S>(x: Tensor<S>, dim = -1): Tensor<S> {
  checkTensor('logSoftmax', 'x', x);
  return alongDim(x, dim, 'logSoftmax', (t) => {
    const cols = t.shape[t.rank - 1]!;
    const rows = cols === 0 ? 0 : t.size / cols;
    const be = t.backend;
    const data = be.logSoftmax(t.storageFor('logSoftmax'), rows, cols);
    return record('logSoftmax', [t], data, t.shape, (dy, y) => {
      if (isGradEnabled()) return [sub(dy, mul(exp(y), sum(dy, -1, true)))];
      return [Tensor.fromStorage(be, be.logSoftmaxBackward(y.storageFor('logSoftmax'), dy.storageFor('logSoftmax'), rows, cols), t.shape)];
    });
  });
}

/** log Σ exp(x) over `dim` (max-shifted, so large values are fine); dx = dy ⊙ exp(x − y). */
export function logsumexp<S>(x: Tensor<S>, dim?: Dim, keepdim = false): Tensor<S> {
  checkTensor('logsumexp', 'x', x);
  const axes = normAxes('logsumexp', dim, x.rank);
  const data = x.backend.reduce('logsumexp', x.storageFor('logsumexp'), x.shape, axes);
  return record('logsumexp', [x], data, reducedShape(x.shape, axes, keepdim), (dy, y) => [
    mul(expandBack(dy, x.shape, axes), exp(sub(x, expandBack(y, x.shape, axes)))),
  ]);
}
