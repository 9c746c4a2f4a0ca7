import { Module, mul, Tensor } from '@descent/autodiff';
import { DescentError, F32Buffer, type Rng } from '@descent/optim-wasm';

/** p must be in [0, 1): p = 1 would scale by 1/0. */
export function checkDropoutP(op: string, p: number): void {
  if (typeof p !== 'number' || !(p >= 0 && p < 1)) throw new DescentError('value', `${op}: drop probability p must be in [0, 1), got ${p}`);
}

/**
 * Inverted dropout with a given keep-mask: y = m ⊙ x / (1 − p), so dy/dx = m / (1 − p)
 * (m ∈ {0, 1}, or booleans, same number of elements as x, or a tensor broadcasting to x).
 * The expectation of y equals x, so evaluation needs no rescaling.
 *
 * @example dropoutWithMask(x, [true, false, true, true], 0.25) // [x0/0.75, 0, x2/0.75, x3/0.75]
 */
export function dropoutWithMask<S>(x: Tensor<S>, mask: Tensor<S> | ArrayLike<number | boolean>, p: number): Tensor<S> {
  const op = 'dropoutWithMask';
  checkDropoutP(op, p);
  const scale = 1 / (1 - p);
  if (mask instanceof Tensor) return mul(x, mul(mask.detach(), scale));
  if (mask.length !== x.size) throw new DescentError('shape', `${op}: mask has ${mask.length} entries, x [${x.shape.join(', ')}] has ${x.size}`);
  const values = new Float64Array(mask.length);
  for (let i = 0; i < mask.length; i++) values[i] = mask[i] ? scale : 0;
  return mul(x, Tensor.fromStorage(x.backend, x.backend.fromArray(values), x.shape));
}

/**
 * A seeded inverted-dropout mask on x's backend, shaped `shape`: each entry 1/(1 − p) with
 * probability 1 − p, else 0 (Rng.fillBernoulli; filled inside WASM for f32 storage).
 *
 * @example dropoutMask(x, [x.shape[0]!, 1], 0.5, rng) // one mask entry per row
 */
export function dropoutMask<S>(like: Tensor<S>, shape: readonly number[], p: number, rng: Rng): Tensor<S> {
  const b = like.backend;
  const n = shape.reduce((a, c) => a * c, 1);
  const buf = b.zeros(n);
  if (!(buf instanceof F32Buffer || buf instanceof Float32Array || buf instanceof Float64Array)) {
    throw new DescentError('backend', `dropout: the ${b.name} backend's storage cannot be filled by the Rng`);
  }
  rng.fillBernoulli(buf, 1 - p, 1 / (1 - p));
  return Tensor.fromStorage(b, buf, shape);
}

/**
 * Inverted dropout (Srivastava et al. 2014, PyTorch `F.dropout`): in training, each element is
 * kept with probability 1 − p and scaled by 1/(1 − p); otherwise (or p = 0) the identity.
 *
 * @example dropout(h, 0.5, rng, model.training)
 */
export function dropout<S>(x: Tensor<S>, p: number, rng: Rng, training = true): Tensor<S> {
  checkDropoutP('dropout', p);
  if (!training || p === 0) return x;
  return mul(x, dropoutMask(x, x.shape, p, rng));
}

/**
 * Channel dropout (PyTorch `F.dropout2d`) for [N, C, …]: whole channels are zeroed with
 * probability p, kept ones scaled by 1/(1 − p); one mask entry per (n, c) broadcast over the rest.
 *
 * @example dropout2d(featureMaps, 0.2, rng, model.training) // featureMaps [N, C, H, W]
 */
export function dropout2d<S>(x: Tensor<S>, p: number, rng: Rng, training = true): Tensor<S> {
  const op = 'dropout2d';
  checkDropoutP(op, p);
  if (x.rank < 2) throw new DescentError('shape', `${op}: expected [N, C, …], got [${x.shape.join(', ')}]`);
  if (!training || p === 0) return x;
  const maskShape = x.shape.map((d, i) => (i < 2 ? d : 1));
  return mul(x, dropoutMask(x, maskShape, p, rng));
}

/**
 * Dropout layer (torch.nn.Dropout): `dropout(x, p, rng, this.training)`; identity in eval mode.
 * The layer owns its Rng stream (give it `rng.fork('dropout1')`), so runs are reproducible;
 * train's `fit` points `rng` at its per-step stream so a run resumed mid-epoch draws the same masks.
 *
 * @example const drop = new Dropout(0.5, { rng: rng.fork('drop') }); drop.forward(h)
 */
export class Dropout extends Module {
  readonly p: number;
  rng: Rng;

  constructor(p = 0.5, options: { rng: Rng }) {
    super();
    checkDropoutP(new.target.name, p);
    if (!options?.rng) throw new DescentError('value', 'Dropout: options.rng (a seeded Rng) is required');
    this.p = p;
    this.rng = options.rng;
  }

  forward(x: Tensor): Tensor {
    return dropout(x, this.p, this.rng, this.training);
  }

  /** Training forward with an explicit keep-mask (reproducing another library's draw). */
  forwardWithMask(x: Tensor, mask: Tensor | ArrayLike<number | boolean>): Tensor {
    return this.training ? dropoutWithMask(x, mask, this.p) : x;
  }

  protected override extraRepr(): string {
    return `p=${this.p}`;
  }
}

/**
 * Channel dropout layer (torch.nn.Dropout2d): `dropout2d(x, p, rng, this.training)`.
 *
 * @example new Dropout2d(0.1, { rng: rng.fork('drop2d') }).forward(convOut)
 */
export class Dropout2d extends Dropout {
  override forward(x: Tensor): Tensor {
    return dropout2d(x, this.p, this.rng, this.training);
  }
}
