import * as ad from '@descent/autodiff';
import type { AnyBackend, Tensor } from '@descent/autodiff';
import { Unsupported } from '../adapter.js';
import type { Check } from '../compare.js';
import { data, type FixtureCase, type FixtureTensor } from '../fixtures.js';

/** Float inputs as tensors; int64 inputs as flat indices with their shape. */
type In = Record<string, Tensor | { index: number[]; shape: number[] }>;
type Attrs = Record<string, any>;
type OpFn = (x: In, a: Attrs) => Tensor;

const t = (x: In, k: string): Tensor => x[k] as Tensor;
const ix = (x: In, k: string): number[] => (x[k] as { index: number[] }).index;
const ixShape = (x: In, k: string): number[] => (x[k] as { shape: number[] }).shape;
const dim = (a: Attrs) => (a.dim === null ? undefined : a.dim);
const loss = (a: Attrs) => ({ reduction: a.reduction ?? 'mean' });

/** Fixture op name → the autodiff call that computes it (PyTorch semantics, see FORMAT.md §C). */
const OPS: Record<string, OpFn> = {
  add: (x) => ad.add(t(x, 'a'), t(x, 'b')),
  sub: (x) => ad.sub(t(x, 'a'), t(x, 'b')),
  mul: (x) => ad.mul(t(x, 'a'), t(x, 'b')),
  div: (x) => ad.div(t(x, 'a'), t(x, 'b')),
  maximum: (x) => ad.maximum(t(x, 'a'), t(x, 'b')),
  minimum: (x) => ad.minimum(t(x, 'a'), t(x, 'b')),
  neg: (x) => ad.neg(t(x, 'x')),
  exp: (x) => ad.exp(t(x, 'x')),
  log: (x) => ad.log(t(x, 'x')),
  sqrt: (x) => ad.sqrt(t(x, 'x')),
  tanh: (x) => ad.tanh(t(x, 'x')),
  sigmoid: (x) => ad.sigmoid(t(x, 'x')),
  relu: (x) => ad.relu(t(x, 'x')),
  abs: (x) => ad.abs(t(x, 'x')),
  gelu: (x, a) => ad.gelu(t(x, 'x'), a.approximate ?? 'none'),
  leaky_relu: (x, a) => ad.leakyRelu(t(x, 'x'), a.negative_slope ?? 0.01),
  softplus: (x, a) => ad.softplus(t(x, 'x'), a.beta ?? 1, a.threshold ?? 20),
  pow_scalar: (x, a) => ad.pow(t(x, 'x'), a.exponent as number),
  pow_tensor: (x) => ad.pow(t(x, 'a'), t(x, 'b')),
  clamp: (x, a) => ad.clamp(t(x, 'x'), a.min, a.max),
  matmul: (x) => ad.matmul(t(x, 'a'), t(x, 'b')),
  transpose: (x, a) => ad.transpose(t(x, 'x'), a.dim0, a.dim1),
  reshape: (x, a) => ad.reshape(t(x, 'x'), a.shape),
  sum: (x, a) => ad.sum(t(x, 'x'), dim(a), a.keepdim ?? false),
  mean: (x, a) => ad.mean(t(x, 'x'), dim(a), a.keepdim ?? false),
  max: (x, a) => ad.max(t(x, 'x'), dim(a), a.keepdim ?? false),
  amax: (x, a) => ad.amax(t(x, 'x'), dim(a), a.keepdim ?? false),
  softmax: (x, a) => ad.softmax(t(x, 'x'), a.dim),
  log_softmax: (x, a) => ad.logSoftmax(t(x, 'x'), a.dim),
  logsumexp: (x, a) => ad.logsumexp(t(x, 'x'), dim(a), a.keepdim ?? false),
  cat: (x, a) => ad.concat((a.order as string[]).map((k) => t(x, k)), a.dim),
  slice: (x, a) => ad.slice(t(x, 'x'), a.dim, a.start ?? undefined, a.end ?? undefined, a.step ?? 1),
  index_select: (x, a) => ad.indexSelect(t(x, 'x'), a.dim, ix(x, 'index')),
  gather: (x, a) => ad.gather(t(x, 'x'), a.dim, ix(x, 'index'), ixShape(x, 'index')),
  where: (x) => ad.where(t(x, 'cond'), t(x, 'a'), t(x, 'b')),
  mse_loss: (x, a) => ad.mseLoss(t(x, 'input'), t(x, 'target'), loss(a)),
  cross_entropy: (x, a) => ad.crossEntropy(t(x, 'input'), ix(x, 'target'), { ...loss(a), labelSmoothing: a.label_smoothing ?? 0 }),
  binary_cross_entropy_with_logits: (x, a) => ad.binaryCrossEntropyWithLogits(t(x, 'input'), t(x, 'target'), loss(a)),
  huber_loss: (x, a) => ad.huberLoss(t(x, 'input'), t(x, 'target'), { ...loss(a), delta: a.delta ?? 1 }),
  smooth_l1_loss: (x, a) => ad.smoothL1Loss(t(x, 'input'), t(x, 'target'), { ...loss(a), beta: a.beta ?? 1 }),
  l1_loss: (x, a) => ad.l1Loss(t(x, 'input'), t(x, 'target'), loss(a)),
  vector_norm: (x, a) => ad.vectorNorm(t(x, 'x'), a.ord ?? 2, dim(a)),
  'composite.mlp2_relu_ce': (x) => {
    const h = ad.relu(ad.add(ad.matmul(t(x, 'x'), ad.transpose(t(x, 'W1'), 0, 1)), t(x, 'b1')));
    return ad.crossEntropy(ad.add(ad.matmul(h, ad.transpose(t(x, 'W2'), 0, 1)), t(x, 'b2')), ix(x, 'y'));
  },
  'composite.mlp2_tanh_mse': (x) => {
    const h = ad.tanh(ad.linear(t(x, 'x'), t(x, 'W1'), t(x, 'b1')));
    return ad.mseLoss(ad.linear(h, t(x, 'W2'), t(x, 'b2')), t(x, 't'));
  },
  'composite.reused_node': (x) => {
    const a = t(x, 'a');
    const z = ad.mul(a, t(x, 'b'));
    return ad.sub(ad.add(ad.mul(z, z), ad.exp(z)), ad.mul(a, z));
  },
  'composite.broadcast_chain': (x) =>
    ad.mul(ad.mean(ad.exp(ad.mul(ad.add(t(x, 'a'), t(x, 'b')), t(x, 'c'))), 0), t(x, 'd')),
  'composite.soft_target_ce': (x) => ad.crossEntropy(t(x, 'logits'), t(x, 'p')),
};

/** f(p) of the `second_order.hvp` families, by their `attrs.function` text. */
const HVP_FUNCTIONS: Record<string, (p: Tensor) => Tensor> = {
  'p[0]^3 * p[1]': (p) => ad.mul(ad.pow(ad.select(p, 0, 0), 3), ad.select(p, 0, 1)),
  'logsumexp(p)': (p) => ad.logsumexp(p),
  'sum(sin(p) * p^2)': (p) => ad.sum(ad.mul(ad.sin(p), ad.pow(p, 2))),
};

function flat(v: Tensor): number[] {
  return Array.from(v.data());
}

/** Build the case's inputs on `backend`: floats as tensors, int64 as index arrays, bools as masks. */
function buildInputs(c: FixtureCase, backend: AnyBackend): In {
  const requires = new Set<string>(c.requires_grad ?? []);
  const x: In = {};
  for (const [name, ft] of Object.entries(c.inputs as Record<string, FixtureTensor>)) {
    if (ft.dtype === 'int64') {
      x[name] = { index: data(ft), shape: ft.shape };
    } else {
      x[name] = ad.tensor(data(ft), { shape: ft.shape, backend, requiresGrad: ft.dtype !== 'bool' && requires.has(name), name });
    }
  }
  return x;
}

/**
 * Run one `autodiff_op` case on `backend`: forward, then backward with the fixture's upstream
 * gradient; compares the output and every requested input gradient (and H·v for second order).
 */
export function runAutodiffCase(c: FixtureCase, backend: AnyBackend): Check[] {
  const op = c.op as string;
  const attrs = (c.attrs ?? {}) as Attrs;
  return ad.tidy(() => {
    const x = buildInputs(c, backend);
    const checks: Check[] = [];
    if (op === 'second_order.hvp') {
      const f = HVP_FUNCTIONS[attrs.function as string];
      if (!f) throw new Unsupported(`second_order.hvp of '${attrs.function}' is not mapped`);
      const r = ad.hvp(f, [t(x, 'p')], [flat(t(x, 'v'))]);
      checks.push({ name: 'output', actual: flat(r.value), expected: c.expected.output.data });
      checks.push({ name: 'grads.p', actual: flat(r.grads[0]!), expected: c.expected.grads.p.data });
      checks.push({ name: 'hvp.p', actual: flat(r.hvp[0]!), expected: c.expected.hvp.p.data });
      return checks;
    }
    const fn = OPS[op];
    if (!fn) throw new Unsupported(`autodiff op '${op}' is not mapped`);
    const out = fn(x, attrs);
    checks.push({ name: 'output', actual: flat(out), expected: c.expected.output.data });
    const upstream = c.upstream as FixtureTensor | undefined;
    out.backward(upstream ? data(upstream) : undefined);
    for (const [name, g] of Object.entries(c.expected.grads as Record<string, FixtureTensor>)) {
      const grad = t(x, name).grad;
      checks.push({ name: `grads.${name}`, actual: grad ? flat(grad) : [], expected: data(g) });
    }
    for (const v of Object.values(x)) if (v instanceof ad.Tensor) v.dispose(); // grads are persistent
    return checks;
  }, backend);
}

/** The conformance adapter: every case through the f32 WASM backend. */
export function autodiffOpAdapter(c: FixtureCase): Check[] {
  return runAutodiffCase(c, ad.wasmBackend());
}
