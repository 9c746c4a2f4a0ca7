import * as ad from '@descent/autodiff';
import type { Module, Tensor } from '@descent/autodiff';
import { Rng } from '@descent/optim-wasm';
import * as rg from '@descent/regularize';
import { Unsupported } from '../adapter.js';
import type { Adapter } from '../adapter.js';
import type { Check } from '../compare.js';
import { data, type FixtureCase, type FixtureTensor } from '../fixtures.js';

type Attrs = Record<string, any>;

const flat = (t: Tensor | null): number[] => (t ? Array.from(t.data()) : []);

/** Tensors of the running case that may hold persistent gradients, disposed when it ends. */
const created: Tensor[] = [];

function leaf(ft: FixtureTensor, requiresGrad = false): Tensor {
  const t = ad.tensor(data(ft), { shape: ft.shape, backend: ad.wasmBackend(), requiresGrad });
  created.push(t);
  return t;
}

function own<M extends Module>(m: M): M {
  created.push(...m.parameters());
  return m;
}

/** Copy the fixture's initial values into a module's parameters and buffers by name. */
function load(m: Module, values: Record<string, FixtureTensor | undefined>): void {
  const sd: Record<string, { shape: number[]; data: number[] }> = {};
  for (const [k, ft] of Object.entries(values)) if (ft) sd[k] = { shape: ft.shape, data: data(ft) };
  m.loadStateDict(sd, { strict: false });
}

/** Forward, backward with the fixture's upstream, then output and gradient checks. */
function forwardBackward(m: Module, x: Tensor, upstream: FixtureTensor, expected: Record<string, any>, prefix: string): Check[] {
  m.zeroGrad();
  const out = m.forward(x);
  out.backward(data(upstream));
  const checks: Check[] = [{ name: `${prefix}output`, actual: flat(out), expected: data(expected.output) }];
  for (const [k, g] of Object.entries(expected.grads as Record<string, FixtureTensor>)) {
    const grad = k === 'x' ? x.grad : m.param(k).grad;
    checks.push({ name: `${prefix}grads.${k}`, actual: flat(grad), expected: data(g) });
  }
  return checks;
}

function batchNorm(c: FixtureCase, a: Attrs): Check[] {
  const opts = { eps: a.eps, momentum: a.momentum, affine: a.affine, trackRunningStats: a.track_running_stats, backend: ad.wasmBackend() };
  const m = own(c.module === 'BatchNorm1d' ? new rg.BatchNorm1d(a.num_features, opts) : new rg.BatchNorm2d(a.num_features, opts));
  const i = c.inputs;
  load(m, { weight: i.weight, bias: i.bias, runningMean: i.running_mean, runningVar: i.running_var });
  const checks: Check[] = [];
  (i.train_steps as { x: FixtureTensor; upstream: FixtureTensor }[]).forEach((step, k) => {
    const e = c.expected.train_steps[k];
    const x = leaf(step.x, true);
    checks.push(...forwardBackward(m.train(), x, step.upstream, e, `train_steps[${k}].`));
    checks.push({ name: `train_steps[${k}].running_mean`, actual: flat(m.buffer('runningMean')), expected: data(e.running_mean) });
    checks.push({ name: `train_steps[${k}].running_var`, actual: flat(m.buffer('runningVar')), expected: data(e.running_var) });
    checks.push({ name: `train_steps[${k}].num_batches_tracked`, actual: m.buffer('numBatchesTracked')!.item(), expected: e.num_batches_tracked, exact: true });
  });
  checks.push({ name: 'eval_output', actual: flat(m.eval().forward(leaf(i.eval_x))), expected: data(c.expected.eval_output) });
  return checks;
}

function normLayer(c: FixtureCase, a: Attrs): Check[] {
  const backend = ad.wasmBackend();
  let m: Module;
  switch (c.module) {
    case 'LayerNorm':
      m = new rg.LayerNorm(a.normalized_shape, { eps: a.eps, elementwiseAffine: a.elementwise_affine, backend });
      break;
    case 'GroupNorm':
      m = new rg.GroupNorm(a.num_groups, a.num_channels, { eps: a.eps, affine: a.affine, backend });
      break;
    case 'InstanceNorm1d':
    case 'InstanceNorm2d': {
      const Cls = c.module === 'InstanceNorm1d' ? rg.InstanceNorm1d : rg.InstanceNorm2d;
      m = new Cls(a.num_features, { eps: a.eps, affine: a.affine, trackRunningStats: a.track_running_stats, backend });
      break;
    }
    default:
      throw new Unsupported(`module '${c.module}' is not mapped`);
  }
  own(m);
  load(m, { weight: c.inputs.weight, bias: c.inputs.bias });
  return forwardBackward(m.train(), leaf(c.inputs.x, true), c.inputs.upstream, c.expected, '');
}

function dropoutCase(c: FixtureCase, a: Attrs): Check[] {
  // The mask is given, so the layer's own stream is never drawn from.
  const m = new rg.Dropout(a.p, { rng: new Rng(0) });
  const x = leaf(c.inputs.x, true);
  const out = a.training ? m.train().forwardWithMask(x, data(c.inputs.mask)) : m.eval().forward(x);
  out.backward(data(c.inputs.upstream));
  return [
    { name: 'output', actual: flat(out), expected: data(c.expected.output) },
    { name: 'grads.x', actual: flat(x.grad), expected: data(c.expected.grads.x) },
  ];
}

function penalty(c: FixtureCase, a: Attrs): Check[] {
  const params = (c.inputs.params as FixtureTensor[]).map((p) => leaf(p, true));
  const value = c.family === 'l1_penalty' ? rg.l1Penalty(params, a.lambda) : rg.l2Penalty(params, a.lambda, { half: c.family === 'l2_penalty_half' });
  value.backward();
  const checks: Check[] = [{ name: 'value', actual: value.item(), expected: data(c.expected.value) }];
  (c.expected.grads as FixtureTensor[]).forEach((g, k) => checks.push({ name: `grads[${k}]`, actual: flat(params[k]!.grad), expected: data(g) }));
  return checks;
}

/**
 * module: the regularize layers and penalties on the WASM backend (f32) — train-mode forward and
 * backward with the fixture's upstream, running statistics after each step, eval output (FORMAT.md §D).
 */
export const moduleAdapter: Adapter = (c) => {
  const a = (c.attrs ?? {}) as Attrs;
  return ad.tidy(() => {
    try {
      return runCase(c, a);
    } finally {
      // gradients are persistent (outside tidy): free them with their tensors
      for (const t of created.splice(0)) t.dispose();
    }
  }, ad.wasmBackend());
};

function runCase(c: FixtureCase, a: Attrs): Check[] {
  switch (c.module as string) {
    case 'BatchNorm1d':
    case 'BatchNorm2d':
      return batchNorm(c, a);
    case 'LayerNorm':
    case 'GroupNorm':
    case 'InstanceNorm1d':
    case 'InstanceNorm2d':
      return normLayer(c, a);
    case 'Dropout':
      return dropoutCase(c, a);
    case 'L1Penalty':
    case 'L2Penalty':
      return penalty(c, a);
    default:
      throw new Unsupported(`module '${String(c.module)}' is not mapped`);
  }
}
