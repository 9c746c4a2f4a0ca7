import {
  DescentError,
  loadStateDict,
  Rng,
  stateDict,
  type Optimizer,
  type OptimizerState,
  type ParamArena,
  type RngState,
  type StateDictJson,
} from '@descent/optim-wasm';
import { modelArena } from '../fit/arena.js';
import type { Model, StateEntry } from '../fit/model.js';
import type { EpochRecord } from '../fit/types.js';
import type { NamedTensor } from './content.js';
import { readCheckpoint, writeCheckpoint } from './files.js';

/** Generators whose positions a checkpoint saves: one (saved as 'default') or several by name. */
export type RngSet = Rng | Record<string, Rng>;

/**
 * What `saveCheckpoint` writes: the model's tensors, the optimizer's state dict, generator
 * positions, epochs done, history and free metadata.
 */
export interface CheckpointInput {
  model: Model;
  optimizer: Optimizer<any>;
  optState: OptimizerState<any>;
  /** Generators whose position must survive, besides the model's own (saved automatically). */
  rng?: RngSet;
  /** Epochs completed. */
  epoch: number;
  history?: readonly EpochRecord[];
  /** Free JSON metadata (config, seed, …). */
  extra?: unknown;
}

/** The meta of a model checkpoint (its tensors: `model/<name>` and `optimizer`). */
interface ModelMeta {
  epoch: number;
  history: EpochRecord[];
  optimizer: { name: string; stateDict: StateDictJson };
  rng: Record<string, RngState>;
  extra?: unknown;
}

/**
 * What `loadCheckpoint` returns after writing the saved tensors into the target model: the epochs
 * done, the history, the optimizer state over the model's parameters and the saved generator
 * states.
 */
export interface LoadedCheckpoint {
  epoch: number;
  history: EpochRecord[];
  optimizerState: OptimizerState<any>;
  arena: ParamArena;
  /** Saved generator states; `Rng.fromState` resumes them (targets given to load are advanced in place). */
  rngStates: Record<string, RngState>;
  extra?: unknown;
}

/** The model's tensors by name: its state dict (parameters and buffers), else its parameters. */
function modelTensors(model: Model): [string, StateEntry][] {
  if (typeof model.stateDict === 'function') return Object.entries(model.stateDict());
  return model.parameters().map((p, i) => [`param${i}`, { shape: [...p.shape], data: p.data() }]);
}

function rngRecord(rng: RngSet | undefined): Record<string, Rng> {
  if (!rng) return {};
  return rng instanceof Rng ? { default: rng } : rng;
}

/**
 * Generators owned by the model's modules (a Dropout layer's `rng`), keyed 'module:<name>', so
 * a resumed run draws the same masks without the caller listing them.
 */
export function moduleRngs(model: Model): Record<string, Rng> {
  const m = model as Model & { namedModules?: () => [string, object][] };
  const out: Record<string, Rng> = {};
  if (typeof m.namedModules !== 'function') return out;
  for (const [name, mod] of m.namedModules()) {
    const r = (mod as { rng?: unknown }).rng;
    if (r instanceof Rng) out[`module:${name}`] = r;
  }
  return out;
}

/**
 * Save a training checkpoint to `dir` with `writeCheckpoint`: tensors `model/<name>` (every
 * model tensor) and `optimizer` (its slots); meta: epoch, history, the optimizer's name and state
 * dict in PyTorch's layout, generator states and `extra`.
 *
 * @example saveCheckpoint('runs/a/ckpt', { model, optimizer, optState: r.optimizerState, epoch: r.epochs, history: r.history });
 */
export function saveCheckpoint(dir: string, input: CheckpointInput): void {
  const op = 'saveCheckpoint';
  if (!Number.isInteger(input.epoch) || input.epoch < 0) throw new DescentError('bad-arg', `${op}: epoch must be an integer >= 0, got ${String(input.epoch)}`);
  const opt = stateDict(input.optimizer, input.optState);
  const tensors: NamedTensor[] = modelTensors(input.model).map(([name, e]) => ({ name: `model/${name}`, shape: [...e.shape], data: e.data instanceof Float32Array ? e.data : Float32Array.from(e.data) }));
  tensors.push({ name: 'optimizer', shape: [opt.blob.length], data: opt.blob });
  const all = { ...moduleRngs(input.model), ...rngRecord(input.rng) };
  const meta: ModelMeta = {
    epoch: input.epoch,
    history: [...(input.history ?? [])],
    optimizer: { name: input.optimizer.name, stateDict: opt.json },
    rng: Object.fromEntries(Object.entries(all).map(([k, r]) => [k, r.state()])),
  };
  if (input.extra !== undefined) meta.extra = input.extra;
  writeCheckpoint(dir, { meta: meta as unknown as Record<string, unknown>, tensors });
}

/** The meta's fields, checked (the manifest's checksum already caught edits; this catches foreign writers). */
function modelMeta(dir: string, meta: Record<string, unknown>): ModelMeta {
  const bad = (what: string) => new DescentError('checkpoint-damaged', `loadCheckpoint(${dir}): ${what}`);
  const m = meta as unknown as ModelMeta;
  if (!Number.isSafeInteger(m.epoch) || m.epoch < 0) throw bad(`meta.epoch must be an integer >= 0, got ${JSON.stringify(m.epoch)}`);
  if (!Array.isArray(m.history)) throw bad('meta.history must be an array');
  if (!m.optimizer || typeof m.optimizer.name !== 'string' || typeof m.optimizer.stateDict !== 'object' || m.optimizer.stateDict === null) throw bad('meta.optimizer must be {name, stateDict}');
  if (typeof m.rng !== 'object' || m.rng === null) throw bad('meta.rng must be an object');
  return m;
}

function checkModel(dir: string, saved: NamedTensor[], model: Model): void {
  const current = modelTensors(model);
  const have = new Map(current.map(([n, e]) => [n, e.shape]));
  const savedNames = new Set(saved.map((t) => t.name));
  const missing = saved.filter((t) => !have.has(t.name)).map((t) => t.name);
  const extra = current.filter(([n]) => !savedNames.has(n)).map(([n]) => n);
  if (missing.length || extra.length) {
    const parts = [];
    if (missing.length) parts.push(`in the checkpoint but not the model: ${missing.join(', ')}`);
    if (extra.length) parts.push(`in the model but not the checkpoint: ${extra.join(', ')}`);
    throw new DescentError('checkpoint-mismatch', `loadCheckpoint(${dir}): the model does not match the checkpoint (${parts.join('; ')})`);
  }
  for (const t of saved) {
    const s = have.get(t.name)!;
    if (s.length !== t.shape.length || s.some((d, i) => d !== t.shape[i])) {
      throw new DescentError('checkpoint-mismatch', `loadCheckpoint(${dir}): '${t.name}' has shape [${t.shape.join(', ')}] in the checkpoint, [${s.join(', ')}] in the model`);
    }
  }
}

/**
 * Restore a checkpoint written by `saveCheckpoint` into `model` (values copied in place, so its
 * parameter arena stays the one the optimizer updates) and rebuild the optimizer state for
 * `optimizer`. The model's module generators (dropout masks) and those passed as `rng` (same seed
 * and stream as saved, not ahead of the saved position) are advanced to their saved position. A damaged or inconsistent checkpoint,
 * or a model / optimizer that does not match it, throws a DescentError saying which.
 * Then `fit(model, data, { optimizer, optimizerState, initialEpoch: epoch, history, epochs })`
 * continues bit-identically.
 */
export function loadCheckpoint(dir: string, target: { model: Model; optimizer: Optimizer<any>; rng?: RngSet }): LoadedCheckpoint {
  const content = readCheckpoint(dir);
  const json = modelMeta(dir, content.meta);
  const saved = content.tensors.filter((t) => t.name.startsWith('model/')).map((t) => ({ ...t, name: t.name.slice('model/'.length) }));
  const optBlob = content.tensors.find((t) => t.name === 'optimizer');
  if (!optBlob) throw new DescentError('checkpoint-damaged', `loadCheckpoint(${dir}): no 'optimizer' tensor`);
  checkModel(dir, saved, target.model);
  if (json.optimizer.name !== target.optimizer.name) {
    throw new DescentError('checkpoint-mismatch', `loadCheckpoint(${dir}): the checkpoint holds ${json.optimizer.name} state, the optimizer is ${target.optimizer.name}`);
  }
  const rngs = { ...moduleRngs(target.model), ...rngRecord(target.rng) };
  for (const [name, r] of Object.entries(rngs)) {
    const s = json.rng[name];
    if (!s) throw new DescentError('checkpoint-mismatch', `loadCheckpoint(${dir}): no generator '${name}' in the checkpoint (has: ${Object.keys(json.rng).join(', ') || 'none'})`);
    restoreRng(r, s, `loadCheckpoint(${dir}): rng '${name}'`);
  }
  const arena = modelArena(target.model);
  const entries = Object.fromEntries(saved.map((t) => [t.name, { shape: t.shape, data: t.data }]));
  if (typeof target.model.loadStateDict === 'function') target.model.loadStateDict(entries);
  else target.model.parameters().forEach((p, i) => p.assign(entries[`param${i}`]!.data));
  const optimizerState = loadStateDict(target.optimizer, arena, { json: json.optimizer.stateDict, blob: optBlob.data });
  const out: LoadedCheckpoint = { epoch: json.epoch, history: json.history, optimizerState, arena, rngStates: json.rng };
  if (json.extra !== undefined) out.extra = json.extra;
  return out;
}

/**
 * Move `target` to a saved position of the same stream (seed and stream id must match; a
 * generator cannot be rewound, so it must not be ahead of the saved counter).
 */
export function restoreRng(target: Rng, state: RngState, where = 'restoreRng'): void {
  const [lo, hi] = target.stream;
  if (target.seed !== state.seed || lo !== state.stream[0] || hi !== state.stream[1]) {
    throw new DescentError('checkpoint-mismatch', `${where}: generator (seed ${target.seed}, stream [${lo}, ${hi}]) is not the saved stream (seed ${state.seed}, stream [${state.stream.join(', ')}])`);
  }
  if (target.counter > state.counter) {
    throw new DescentError('checkpoint-mismatch', `${where}: generator is at counter ${target.counter}, past the saved ${state.counter}; pass a fresh generator`);
  }
  target.advance(state.counter - target.counter);
}
