import { add, mean, mul, noGrad, ones, pow, reshape, square, sub, zeros, type AnyBackend, type Module, type Tensor } from '@descent/autodiff';
import { DescentError } from '@descent/optim-wasm';
import { markNormParameter } from '../penalties.js';
import { writeRaw } from '../snapshot.js';

export function fmt(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

export function checkEps(op: string, eps: number): void {
  if (!(Number.isFinite(eps) && eps > 0)) throw new DescentError('value', `${op}: eps must be a finite number > 0, got ${eps}`);
}

export function checkPositiveInt(op: string, field: string, v: number): void {
  if (!Number.isInteger(v) || v < 1) throw new DescentError('value', `${op}: ${field} must be an integer >= 1, got ${v}`);
}

/** The checks every per-channel norm layer starts with: numFeatures ≥ 1 and eps (default 1e-5) > 0; returns eps. */
export function checkFeaturesEps(op: string, numFeatures: number, eps: number | undefined): number {
  checkPositiveInt(op, 'numFeatures', numFeatures);
  const e = eps ?? 1e-5;
  checkEps(op, e);
  return e;
}

/**
 * x̂ = (x − μ)/√(σ² + ε) with μ and the biased σ² = mean((x − μ)²) over `axes` (kept as size-1
 * dims). Composed from autodiff ops, so backward is exact without a hand-written rule.
 * Returns x̂ and the statistics (graph-connected; detach before storing them).
 */
export function normalizeOver(x: Tensor, axes: readonly number[], eps: number): { y: Tensor; mean: Tensor; variance: Tensor } {
  const mu = mean(x, axes, true);
  const centered = sub(x, mu);
  const variance = mean(square(centered), axes, true);
  return { y: mul(centered, pow(add(variance, eps), -0.5)), mean: mu, variance };
}

/** x̂ = (x − μ)/√(σ² + ε) with given (constant) statistics shaped to broadcast against x. */
export function normalizeWith(x: Tensor, mu: Tensor, variance: Tensor, eps: number): Tensor {
  return mul(sub(x, mu), pow(add(variance.detach(), eps), -0.5));
}

/** [1, C, 1, …] for a per-channel vector against a rank-`rank` input. */
export function channelShape(rank: number, c: number): number[] {
  return Array.from({ length: rank }, (_, i) => (i === 1 ? c : 1));
}

/** y·γ + β with γ, β reshaped to `shape` (either may be null). */
export function affine(y: Tensor, weight: Tensor | null, bias: Tensor | null, shape: readonly number[]): Tensor {
  let out = y;
  if (weight) out = mul(out, reshape(weight, shape));
  if (bias) out = add(out, reshape(bias, shape));
  return out;
}

/** Register γ = 1 and β = 0 of `shape` (PyTorch's init) or null slots; marks them as norm parameters. */
export function registerAffine(
  m: { registerParameter<T extends Tensor | null>(name: string, t: T): T },
  shape: readonly number[],
  enabled: boolean,
  backend: AnyBackend | undefined,
  withBias = true,
): void {
  const opts = backend ? { backend } : {};
  m.registerParameter('weight', enabled ? markNormParameter(ones(shape, opts)) : null);
  m.registerParameter('bias', enabled && withBias ? markNormParameter(zeros(shape, opts)) : null);
}

/**
 * Registers a per-channel norm layer's state, in PyTorch's state-dict order: γ = 1 and β = 0
 * [numFeatures] (or null slots), then the running mean = 0 and running variance = 1 buffers
 * (or null ones when statistics are not tracked).
 */
export function registerChannelStats(m: Module, numFeatures: number, affineOn: boolean, track: boolean, backend: AnyBackend | undefined): void {
  const b = backend ? { backend } : {};
  registerAffine(m, [numFeatures], affineOn, backend);
  m.registerBuffer('runningMean', track ? zeros([numFeatures], b) : null);
  m.registerBuffer('runningVar', track ? ones([numFeatures], b) : null);
}

/** What a per-channel norm layer's forward reads: γ, β, the running statistics (each may be null) and [1, C, 1, …]. */
export interface ChannelStats {
  weight: Tensor | null;
  bias: Tensor | null;
  runningMean: Tensor | null;
  runningVar: Tensor | null;
  shape: number[];
}

/** Reads the state `registerChannelStats` registered, for an input of rank `rank` with c channels. */
export function channelStats(m: Module, rank: number, c: number): ChannelStats {
  return {
    weight: m.optionalParam('weight'),
    bias: m.optionalParam('bias'),
    runningMean: m.buffer('runningMean'),
    runningVar: m.buffer('runningVar'),
    shape: channelShape(rank, c),
  };
}

/** Eval with the running statistics rm, rv: y = (x − rm)/√(rv + ε)·γ + β. */
export function normalizeRunning(x: Tensor, s: ChannelStats, rm: Tensor, rv: Tensor, eps: number): Tensor {
  return affine(normalizeWith(x, reshape(rm.detach(), s.shape), reshape(rv.detach(), s.shape), eps), s.weight, s.bias, s.shape);
}

/** Flat f64 copy of a tensor's values. */
export function values(t: Tensor): Float64Array {
  return Float64Array.from(t.data());
}

/**
 * In place, outside the tape: running ← wOld·running + wNew·batch, element by element
 * (PyTorch: wOld = 1 − momentum, wNew = momentum; Keras: wOld = momentum, wNew = 1 − momentum).
 */
export function blendInto(running: Tensor, batch: ArrayLike<number>, wOld: number, wNew: number): void {
  noGrad(() => {
    const r = running.data();
    const out = new Float64Array(r.length);
    for (let i = 0; i < r.length; i++) out[i] = wOld * r[i]! + wNew * batch[i]!;
    writeRaw(running, r instanceof Float32Array ? Float32Array.from(out) : out, 'runningStats');
  });
}
