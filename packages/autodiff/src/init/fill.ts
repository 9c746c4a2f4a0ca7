import { DescentError, F32Buffer, type Rng } from '@descent/optim-wasm';
import { noGrad } from '../grad-mode.js';
import type { Tensor } from '../tensor.js';

/**
 * Overwrite `t` in place with values drawn into an f32 array. Drawing in f32 on the host gives
 * the same bits whatever the tensor's backend, so a model built from one seed is identical on
 * the WASM and the f64 reference backend.
 */
export function fillWith<T extends Tensor>(t: T, draw: (buf: Float32Array) => void): T {
  const buf = new Float32Array(t.size);
  draw(buf);
  noGrad(() => t.assign(buf));
  return t;
}

export function checkRng(op: string, rng: Rng | undefined): Rng {
  if (!rng || typeof (rng as Rng).fillUniform !== 'function') {
    throw new DescentError('value', `${op}: needs a seeded Rng (new Rng(seed)); got ${String(rng)}`);
  }
  return rng;
}

export function checkNumber(op: string, field: string, v: number): void {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new DescentError('value', `${op}: ${field} must be a finite number, got ${String(v)}`);
}

/** t ← 0 (torch.nn.init.zeros_). */
export function zeros<T extends Tensor>(t: T): T {
  return constant(t, 0);
}

/** t ← 1 (torch.nn.init.ones_). */
export function ones<T extends Tensor>(t: T): T {
  return constant(t, 1);
}

/** t ← value everywhere (torch.nn.init.constant_). */
export function constant<T extends Tensor>(t: T, value: number): T {
  checkNumber('init.constant', 'value', value);
  noGrad(() => t.backend.fillInPlace(t.storageFor('init.constant'), value));
  t.markModified();
  return t;
}

/** t ~ U(a, b) (torch.nn.init.uniform_, defaults a = 0, b = 1), drawn from `rng`. */
export function uniform<T extends Tensor>(t: T, rng: Rng, a = 0, b = 1): T {
  checkRng('init.uniform', rng);
  checkNumber('init.uniform', 'a', a);
  checkNumber('init.uniform', 'b', b);
  if (b < a) throw new DescentError('value', `init.uniform: need a ≤ b, got a = ${a}, b = ${b}`);
  const s = t.storageFor('init.uniform');
  if (s instanceof F32Buffer) {
    // The WASM kernel computes in f32 exactly like the host f32 path: same bits, much faster.
    rng.fillUniform(s, a, b);
    t.markModified();
    return t;
  }
  return fillWith(t, (buf) => rng.fillUniform(buf, a, b));
}

/** t ~ N(mean, std²) (torch.nn.init.normal_, defaults 0 and 1), drawn from `rng`. */
export function normal<T extends Tensor>(t: T, rng: Rng, mean = 0, std = 1): T {
  checkRng('init.normal', rng);
  checkNumber('init.normal', 'mean', mean);
  checkNumber('init.normal', 'std', std);
  if (std < 0) throw new DescentError('value', `init.normal: std must be ≥ 0, got ${std}`);
  return fillWith(t, (buf) => rng.fillNormal(buf, mean, std));
}
