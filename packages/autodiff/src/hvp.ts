import { DescentError } from '@descent/optim-wasm';
import { grad } from './engine.js';
import { add, mul } from './ops/arithmetic.js';
import { sum } from './ops/reduce.js';
import { fmt, sameShape } from './shape.js';
import { Tensor } from './tensor.js';

/** What `hvp` returns: the value, the gradient and the Hessian-vector product. */
export interface HvpResult<S> {
  /** f(params), detached. */
  value: Tensor<S>;
  /** ∇f(params), detached. */
  grads: Tensor<S>[];
  /** ∇²f(params)·v, one tensor per parameter. */
  hvp: Tensor<S>[];
}

/**
 * Hessian-vector product by double backward (exact, no finite differences):
 * g = ∇f(p) recorded as a graph (`createGraph`), then ∇(Σᵢ gᵢ·vᵢ) = H·v. `fn` maps the params to
 * a scalar; `v` has one tensor (or flat array) per param with the same shapes. Cost: about
 * two backward passes. Power iteration on `hvp` gives the top Hessian eigenvalue (sharpness).
 */
export function hvp<S>(fn: (...params: Tensor<S>[]) => Tensor<S>, params: readonly Tensor<S>[], v: readonly (Tensor<S> | ArrayLike<number>)[]): HvpResult<S> {
  if (v.length !== params.length) throw new DescentError('shape', `hvp: ${v.length} direction tensors for ${params.length} params`);
  const ps = params.map((p) => (p.requiresGrad ? p : Object.assign(p.detach(), { requiresGrad: true })));
  const vs = v.map((vi, i) => {
    const p = params[i]!;
    if (vi instanceof Tensor) {
      if (!sameShape(vi.shape, p.shape)) throw new DescentError('shape', `hvp: v[${i}] ${fmt(vi.shape)} does not match param ${fmt(p.shape)}`);
      return vi.detach();
    }
    if (vi.length !== p.size) throw new DescentError('shape', `hvp: v[${i}] has ${vi.length} values, param ${fmt(p.shape)} has ${p.size}`);
    return Tensor.fromStorage(p.backend, p.backend.fromArray(vi), p.shape);
  });
  const y = fn(...ps);
  if (y.size !== 1) throw new DescentError('shape', `hvp: fn must return a scalar, got ${fmt(y.shape)}`);
  const g = grad(y, ps, { createGraph: true, allowUnused: true });
  const terms = g.flatMap((gi, i) => (gi.requiresGrad ? [sum(mul(gi, vs[i]!))] : []));
  let h: Tensor<S>[];
  if (terms.length === 0) {
    h = ps.map((p) => Tensor.fromStorage(p.backend, p.backend.zeros(p.size), p.shape));
  } else {
    let dot = terms[0]!;
    for (const t of terms.slice(1)) dot = add(dot, t);
    h = grad(dot, ps, { allowUnused: true });
  }
  return { value: y.detach(), grads: g.map((gi) => gi.detach()), hvp: h };
}

