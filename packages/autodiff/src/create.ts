import { DescentError, F32Buffer, type Rng } from '@descent/optim-wasm';

type FillTarget = F32Buffer | Float32Array | Float64Array;
import { defaultBackend, type AnyBackend } from './context.js';
import { checkShape, fmt, sizeOf, type Shape } from './shape.js';
import { Tensor, type NestedArray } from './tensor.js';

/** How a new tensor is made: its shape, backend, name and whether it requires a gradient. */
export interface TensorOptions {
  /** Required for flat typed arrays of rank ≠ 1; checked against nested arrays. */
  shape?: Shape;
  /** Make it a leaf whose gradient `backward` accumulates. */
  requiresGrad?: boolean;
  /** Default: the innermost `withBackend`, else the WASM backend of `getCore()`. */
  backend?: AnyBackend;
  /** Shown in errors and `toString`. */
  name?: string;
}

function leaf<S>(backend: AnyBackend, data: S, shape: Shape, o: TensorOptions): Tensor<S> {
  const t = Tensor.fromStorage(backend, data, shape) as Tensor<S>;
  if (o.requiresGrad) t.requiresGrad = true;
  t.name = o.name;
  return t;
}

function nestedShape(x: NestedArray | readonly NestedArray[]): number[] {
  const shape: number[] = [];
  let cur: unknown = x;
  while (Array.isArray(cur)) {
    shape.push(cur.length);
    cur = cur[0];
  }
  return shape;
}

function flatten(x: unknown, shape: readonly number[], d: number, out: number[]): void {
  if (d === shape.length) {
    if (typeof x !== 'number') throw new DescentError('tensor', `tensor: expected a number at depth ${d}, got ${Array.isArray(x) ? 'an array' : typeof x}`);
    out.push(x);
    return;
  }
  if (!Array.isArray(x) || x.length !== shape[d]) {
    throw new DescentError('tensor', `tensor: ragged nested array: expected ${shape[d]} entries at depth ${d} (shape ${fmt(shape)})`);
  }
  for (const v of x) flatten(v, shape, d + 1, out);
}

/**
 * A leaf tensor from a number, nested arrays (shape inferred) or a flat (typed) array with
 * `shape` (default: 1-D). The data is copied to the backend.
 */
export function tensor(data: number | NestedArray[] | ArrayLike<number>, options: TensorOptions = {}): Tensor {
  const backend = options.backend ?? defaultBackend();
  let flat: ArrayLike<number>;
  let shape: number[];
  if (typeof data === 'number') {
    flat = [data];
    shape = [];
  } else if (Array.isArray(data) && data.some((v) => Array.isArray(v))) {
    shape = nestedShape(data as NestedArray[]);
    const out: number[] = [];
    flatten(data, shape, 0, out);
    flat = out;
  } else {
    flat = data as ArrayLike<number>;
    shape = [flat.length];
  }
  if (options.shape) {
    const want = checkShape('tensor', options.shape);
    if (sizeOf(want) !== flat.length) throw new DescentError('shape', `tensor: ${flat.length} values do not fill shape ${fmt(want)}`);
    shape = want;
  }
  return leaf(backend, backend.fromArray(flat), shape, options);
}

/** A new tensor of `shape` filled with `value` (torch.full). */
export function full(shape: Shape, value: number, options: Omit<TensorOptions, 'shape'> = {}): Tensor {
  const backend = options.backend ?? defaultBackend();
  const s = checkShape('full', shape);
  return leaf(backend, backend.full(sizeOf(s), value), s, options);
}

/** A new tensor of `shape` filled with 0 (torch.zeros). */
export function zeros(shape: Shape, options: Omit<TensorOptions, 'shape'> = {}): Tensor {
  const backend = options.backend ?? defaultBackend();
  const s = checkShape('zeros', shape);
  return leaf(backend, backend.zeros(sizeOf(s)), s, options);
}

/** A new tensor of `shape` filled with 1 (torch.ones). */
export function ones(shape: Shape, options: Omit<TensorOptions, 'shape'> = {}): Tensor {
  return full(shape, 1, options);
}

/** Zeros (or `full` of a value) with the shape and backend of `like`. */
export function zerosLike<S>(like: Tensor<S>, value = 0): Tensor<S> {
  return leaf(like.backend, like.backend.full(like.size, value), like.shape, {});
}

/** `[start, start + step, …)` up to `end` (exclusive), like torch.arange; `arange(n)` = 0..n-1. */
export function arange(start: number, end?: number, step = 1, options: Omit<TensorOptions, 'shape'> = {}): Tensor {
  const [lo, hi] = end === undefined ? [0, start] : [start, end];
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || !Number.isFinite(step) || step === 0) {
    throw new DescentError('arange', `arange: start ${lo}, end ${hi}, step ${step} must be finite with step ≠ 0`);
  }
  const n = Math.max(0, Math.ceil((hi - lo) / step));
  const values = Array.from({ length: n }, (_, i) => lo + i * step);
  return tensor(values, { ...options, shape: [n] });
}

function randomFill(op: string, shape: Shape, rng: Rng, options: Omit<TensorOptions, 'shape'>, fill: (buf: FillTarget) => void): Tensor {
  const backend = options.backend ?? defaultBackend();
  const s = checkShape(op, shape);
  const data = backend.zeros(sizeOf(s));
  if (!(data instanceof F32Buffer) && !(data instanceof Float32Array) && !(data instanceof Float64Array)) {
    throw new DescentError('backend', `${op}: the ${backend.name} backend's storage cannot be filled by the Rng`);
  }
  fill(data);
  return leaf(backend, data, s, options);
}

/** Uniform draws in [lo, hi) (default [0, 1)) from the seeded `rng` (advances its stream). */
export function rand(shape: Shape, rng: Rng, options: Omit<TensorOptions, 'shape'> & { lo?: number; hi?: number } = {}): Tensor {
  return randomFill('rand', shape, rng, options, (b) => rng.fillUniform(b, options.lo ?? 0, options.hi ?? 1));
}

/** Normal draws N(mean, std²) (default standard normal) from the seeded `rng`. */
export function randn(shape: Shape, rng: Rng, options: Omit<TensorOptions, 'shape'> & { mean?: number; std?: number } = {}): Tensor {
  return randomFill('randn', shape, rng, options, (b) => rng.fillNormal(b, options.mean ?? 0, options.std ?? 1));
}
