import { DescentError } from '@descent/optim-wasm';
import { argmax, crossEntropy, grad, hvp as autodiffHvp, mseLoss, noGrad, reshape, tensor, tidy, type Tensor } from '@descent/autodiff';
import type { Dataset } from '../data/dataset.js';
import type { Objective, ParamInfo } from './objective.js';
import { checkVector } from './vec.js';

/**
 * What the probes need of a model: its parameter tensors and a forward pass. autodiff's `Module`
 * (and anything with these members) fits; `train`/`eval` are used when present so probes see the
 * deterministic eval-mode loss.
 */
export interface ForwardModel<S = any> {
  /** The parameter tensors, in a fixed order (the order of the flattened θ). */
  parameters(): Tensor<S>[];
  /** Outputs for a batch of rows [n, features]: logits (cross-entropy) or values (mse). */
  forward(x: Tensor<S>): Tensor<S>;
  training?: boolean;
  /** Switch to training mode (restored after each probe when the model was training). */
  train?(mode?: boolean): unknown;
  /** Switch to eval mode (dropout off, batch norm on running statistics) for the probe. */
  eval?(): unknown;
}

/** The rows a model objective evaluates on: a Dataset or any subset; rows enter as [n, features] (as in `fit`). */
export type ObjectiveData = Pick<Dataset, 'x' | 'y' | 'n' | 'features'>;

/** What `modelObjective` measures: a model, the rows, the loss and the rows per forward pass. */
export interface ModelObjectiveOptions {
  model: ForwardModel;
  data: ObjectiveData;
  /** 'crossEntropy' for integer labels (default for Int32Array y), 'mse' for targets. */
  loss?: 'crossEntropy' | 'mse';
  /** Rows per forward pass (default: all rows at once); the loss is still the mean over all rows. */
  batchSize?: number;
}

/**
 * The full-data loss of a model as a function of its flattened parameters:
 * f(θ) = (1/N) Σᵢ ℓ(model_θ(xᵢ), yᵢ) (mse: mean over every output element), gradients by
 * backward, exact Hessian-vector products by double backward (autodiff's `hvp`). Each call writes
 * θ into the parameter tensors, evaluates in a `tidy` scope and writes the old values back.
 */
export function modelObjective(o: ModelObjectiveOptions): Objective {
  const op = 'modelObjective';
  const { model, data } = o;
  const ps = model.parameters();
  if (ps.length === 0) throw new DescentError('bad-arg', `${op}: the model has no parameters`);
  ps.forEach((p, i) => {
    if (!p.requiresGrad) throw new DescentError('bad-arg', `${op}: parameter ${i}${p.name ? ` '${p.name}'` : ''} [${p.shape.join(', ')}] does not require grad`);
  });
  const backend = ps[0]!.backend;
  const loss = o.loss ?? (data.y instanceof Int32Array ? 'crossEntropy' : 'mse');
  if (loss !== 'crossEntropy' && loss !== 'mse') throw new DescentError('bad-arg', `${op}: loss must be 'crossEntropy' or 'mse', got ${String(loss)}`);
  if (loss === 'crossEntropy' && !(data.y instanceof Int32Array)) throw new DescentError('bad-arg', `${op}: crossEntropy needs integer labels (Int32Array y)`);
  if (data.x.length !== data.n * data.features || data.y.length !== data.n || data.n < 1) {
    throw new DescentError('bad-shape', `${op}: data has x ${data.x.length}, y ${data.y.length} values for n = ${data.n}, features = ${data.features}`);
  }
  const chunk = o.batchSize ?? data.n;
  if (!Number.isInteger(chunk) || chunk < 1) throw new DescentError('bad-arg', `${op}: 'batchSize' must be an integer >= 1, got ${chunk}`);

  const params: ParamInfo[] = [];
  let dim = 0;
  ps.forEach((p, i) => {
    params.push({ name: p.name ?? `param${i}`, shape: [...p.shape], offset: dim, length: p.size });
    dim += p.size;
  });

  const chunks: { lo: number; hi: number }[] = [];
  for (let lo = 0; lo < data.n; lo += chunk) chunks.push({ lo, hi: Math.min(data.n, lo + chunk) });
  const input = (c: { lo: number; hi: number }) =>
    tensor(data.x.subarray(c.lo * data.features, c.hi * data.features), { backend, shape: [c.hi - c.lo, data.features] });
  let outElems = 0;
  /** Σ over the chunk of the per-element loss (divided by the total count by the caller). */
  const chunkLoss = (out: Tensor, c: { lo: number; hi: number }): Tensor => {
    if (loss === 'crossEntropy') return crossEntropy(out, data.y.subarray(c.lo, c.hi), { reduction: 'sum' });
    const target = reshape(tensor(data.y.subarray(c.lo, c.hi), { backend }), out.shape);
    return mseLoss(out, target, { reduction: 'sum' });
  };
  const denom = () => (loss === 'crossEntropy' ? data.n : outElems);

  /** Run `fn` with θ written into the parameters and eval mode on; restore both afterwards. */
  const at = <T>(theta: Float64Array, fn: () => T): T => {
    checkVector(op, 'theta', theta, dim);
    const saved = ps.map((p) => Float64Array.from(p.data()));
    const wasTraining = model.training;
    model.eval?.();
    try {
      ps.forEach((p, i) => p.assign(theta.subarray(params[i]!.offset, params[i]!.offset + params[i]!.length)));
      return tidy(fn, backend);
    } finally {
      ps.forEach((p, i) => p.assign(saved[i]!));
      if (wasTraining) model.train?.();
    }
  };
  const flat = (ts: Tensor[]) => {
    const out = new Float64Array(dim);
    ts.forEach((t, i) => out.set(t.data(), params[i]!.offset));
    return out;
  };
  const countOutputs = () => {
    if (loss === 'mse' && outElems === 0) {
      noGrad(() => tidy(() => {
        const out = model.forward(input(chunks[0]!));
        outElems = (out.size / (chunks[0]!.hi - chunks[0]!.lo)) * data.n;
      }, backend));
    }
  };

  const objective: Objective = {
    dim,
    params,
    theta: () => flat(ps),
    value: (theta) => {
      countOutputs();
      return at(theta, () => noGrad(() => chunks.reduce((s, c) => s + chunkLoss(model.forward(input(c)), c).item(), 0)) / denom());
    },
    valueAndGrad: (theta) => {
      countOutputs();
      return at(theta, () => {
        let value = 0;
        const g = new Float64Array(dim);
        for (const c of chunks) {
          const l = chunkLoss(model.forward(input(c)), c);
          value += l.item();
          const gs = grad(l, ps, { allowUnused: true });
          gs.forEach((gi, i) => {
            const d = gi.data();
            const off = params[i]!.offset;
            for (let k = 0; k < d.length; k++) g[off + k]! += d[k]!;
          });
        }
        const s = 1 / denom();
        return { value: value * s, grad: g.map((x) => x * s) };
      });
    },
    hvp: (theta, v) => {
      countOutputs();
      const vv = checkVector(op, 'v', v, dim);
      const parts = params.map((p) => vv.subarray(p.offset, p.offset + p.length));
      return at(theta, () => {
        const h = new Float64Array(dim);
        for (const c of chunks) {
          const r = autodiffHvp(() => chunkLoss(model.forward(input(c)), c), ps, parts);
          r.hvp.forEach((hi, i) => {
            const d = hi.data();
            const off = params[i]!.offset;
            for (let k = 0; k < d.length; k++) h[off + k]! += d[k]!;
          });
        }
        const s = 1 / denom();
        return h.map((x) => x * s);
      });
    },
  };
  if (loss === 'crossEntropy') {
    const labels = data.y as Int32Array;
    objective.accuracy = (theta) =>
      at(theta, () =>
        noGrad(() => {
          let correct = 0;
          for (const c of chunks) {
            const pred = argmax(model.forward(input(c)), 1);
            for (let r = 0; r < pred.length; r++) correct += pred[r] === labels[c.lo + r] ? 1 : 0;
          }
          return correct / data.n;
        }),
      );
  }
  return objective;
}
