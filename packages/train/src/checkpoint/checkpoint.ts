import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
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
import { syncDir, writeFileAtomic } from './atomic.js';
import { crc32 } from './crc32.js';

export const CHECKPOINT_FORMAT = 'descent-checkpoint/1';
export const CHECKPOINT_JSON = 'checkpoint.json';
export const CHECKPOINT_BIN = 'checkpoint.bin';

export type RngSet = Rng | Record<string, Rng>;

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

interface TensorRef {
  name: string;
  shape: number[];
  offset: number;
  length: number;
}

interface CheckpointJson {
  format: typeof CHECKPOINT_FORMAT;
  epoch: number;
  history: EpochRecord[];
  model: TensorRef[];
  optimizer: { name: string; stateDict: StateDictJson; offset: number; length: number };
  rng: Record<string, RngState>;
  blob: { file: string; bytes: number; crc32: number };
  extra?: unknown;
}

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
 * Save a training checkpoint to `dir`: `checkpoint.bin` (every model tensor, then the optimizer
 * slots, little-endian f32) and `checkpoint.json` (names, shapes, offsets, the optimizer's state
 * dict in PyTorch's layout, generator states, epoch, history, and the blob's size and CRC-32).
 * Each file is written atomically (temp file, fsync, rename; the JSON last), and the JSON's
 * checksum catches a blob from another save.
 *
 * @example saveCheckpoint('runs/a/ckpt', { model, optimizer, optState: r.optimizerState, epoch: r.epochs, history: r.history });
 */
export function saveCheckpoint(dir: string, input: CheckpointInput): void {
  const op = 'saveCheckpoint';
  if (!Number.isInteger(input.epoch) || input.epoch < 0) throw new DescentError('bad-arg', `${op}: epoch must be an integer >= 0, got ${String(input.epoch)}`);
  const tensors = modelTensors(input.model);
  const opt = stateDict(input.optimizer, input.optState);
  const refs: TensorRef[] = [];
  let used = 0;
  for (const [name, e] of tensors) {
    refs.push({ name, shape: [...e.shape], offset: used, length: e.data.length });
    used += e.data.length;
  }
  const blob = new Float32Array(used + opt.blob.length);
  tensors.forEach(([, e], i) => blob.set(e.data, refs[i]!.offset));
  blob.set(opt.blob, used);
  const bytes = new Uint8Array(blob.buffer);
  const all = { ...moduleRngs(input.model), ...rngRecord(input.rng) };
  const rng = Object.fromEntries(Object.entries(all).map(([k, r]) => [k, r.state()]));
  const json: CheckpointJson = {
    format: CHECKPOINT_FORMAT,
    epoch: input.epoch,
    history: [...(input.history ?? [])],
    model: refs,
    optimizer: { name: input.optimizer.name, stateDict: opt.json, offset: used, length: opt.blob.length },
    rng,
    blob: { file: CHECKPOINT_BIN, bytes: bytes.length, crc32: crc32(bytes) },
  };
  if (input.extra !== undefined) json.extra = input.extra;
  mkdirSync(dir, { recursive: true });
  writeFileAtomic(join(dir, CHECKPOINT_BIN), bytes);
  writeFileAtomic(join(dir, CHECKPOINT_JSON), JSON.stringify(json));
  syncDir(dir);
}

function damaged(dir: string, what: string): DescentError {
  return new DescentError('checkpoint-damaged', `loadCheckpoint(${dir}): ${what}`);
}

function readJson(dir: string): CheckpointJson {
  let text: string;
  try {
    text = readFileSync(join(dir, CHECKPOINT_JSON), 'utf8');
  } catch (e) {
    throw damaged(dir, `cannot read ${CHECKPOINT_JSON} (${(e as Error).message})`);
  }
  let json: CheckpointJson;
  try {
    json = JSON.parse(text) as CheckpointJson;
  } catch (e) {
    throw damaged(dir, `${CHECKPOINT_JSON} is not valid JSON (${text.length} bytes; truncated?): ${(e as Error).message}`);
  }
  if (!json || json.format !== CHECKPOINT_FORMAT) throw damaged(dir, `${CHECKPOINT_JSON} has format ${JSON.stringify(json?.format)}, expected '${CHECKPOINT_FORMAT}'`);
  const ok = Array.isArray(json.model) && json.optimizer && json.blob && Number.isInteger(json.epoch) && Array.isArray(json.history);
  if (!ok) throw damaged(dir, `${CHECKPOINT_JSON} lacks model / optimizer / blob / epoch / history`);
  return json;
}

function readBlob(dir: string, json: CheckpointJson): Float32Array {
  let buf: Buffer;
  try {
    buf = readFileSync(join(dir, json.blob.file));
  } catch (e) {
    throw damaged(dir, `cannot read ${json.blob.file} (${(e as Error).message})`);
  }
  if (buf.length !== json.blob.bytes) {
    throw damaged(dir, `${json.blob.file} has ${buf.length} bytes, ${CHECKPOINT_JSON} expects ${json.blob.bytes} (truncated, or from another save)`);
  }
  const bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
  const sum = crc32(bytes);
  if (sum !== json.blob.crc32) throw damaged(dir, `${json.blob.file} fails its CRC-32 check (${sum} ≠ ${json.blob.crc32}): the file is damaged or from another save`);
  const total = json.model.reduce((s, r) => s + r.length, 0) + json.optimizer.length;
  if (total * 4 !== buf.length) throw damaged(dir, `the tensors listed in ${CHECKPOINT_JSON} need ${total * 4} bytes, the blob has ${buf.length}`);
  return new Float32Array(bytes.slice().buffer);
}

function checkModel(dir: string, json: CheckpointJson, model: Model): void {
  const current = modelTensors(model);
  const have = new Map(current.map(([n, e]) => [n, e.shape]));
  const saved = new Map(json.model.map((r) => [r.name, r.shape]));
  const missing = json.model.filter((r) => !have.has(r.name)).map((r) => r.name);
  const extra = current.filter(([n]) => !saved.has(n)).map(([n]) => n);
  if (missing.length || extra.length) {
    const parts = [];
    if (missing.length) parts.push(`in the checkpoint but not the model: ${missing.join(', ')}`);
    if (extra.length) parts.push(`in the model but not the checkpoint: ${extra.join(', ')}`);
    throw new DescentError('checkpoint-mismatch', `loadCheckpoint(${dir}): the model does not match the checkpoint (${parts.join('; ')})`);
  }
  for (const r of json.model) {
    const s = have.get(r.name)!;
    if (s.length !== r.shape.length || s.some((d, i) => d !== r.shape[i]) || r.length !== r.shape.reduce((a, b) => a * b, 1)) {
      throw new DescentError('checkpoint-mismatch', `loadCheckpoint(${dir}): '${r.name}' has shape [${r.shape.join(', ')}] in the checkpoint, [${s.join(', ')}] in the model`);
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
  const json = readJson(dir);
  const blob = readBlob(dir, json);
  checkModel(dir, json, target.model);
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
  const entries = Object.fromEntries(json.model.map((r) => [r.name, { shape: r.shape, data: blob.subarray(r.offset, r.offset + r.length) }]));
  if (typeof target.model.loadStateDict === 'function') target.model.loadStateDict(entries);
  else target.model.parameters().forEach((p, i) => p.assign(entries[`param${i}`]!.data));
  const o = json.optimizer;
  const optimizerState = loadStateDict(target.optimizer, arena, { json: o.stateDict, blob: blob.subarray(o.offset, o.offset + o.length) });
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
