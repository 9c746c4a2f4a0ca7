// A FitSession's checkpoint: the model's state, the optimizer state (a state-dict blob), the
// callbacks' tensors, and one JSON record of where the run is.
import { DescentError, loadStateDict, stateDict, type Optimizer, type OptimizerState, type ParamArena, type StateDictJson } from '@descent/optim-wasm';
import { tensorNamed, tensorsUnder, type CheckpointContent, type NamedTensor } from './checkpoint-content.js';
import type { Model } from './model.js';
import type { Callback, EpochRecord } from './types.js';

/** The JSON part of a session checkpoint. */
export interface SessionMeta {
  epoch: number;
  batch: number;
  lossSum: number;
  lossCount: number;
  hits: number;
  baseLr: number;
  history: EpochRecord[];
  schedule: unknown;
  callbacks: unknown[];
  stopRequest: string | null;
  optimizer: StateDictJson;
}

/** The session's position and figures, as saved (the optimizer and callbacks are added here). */
export type SessionPosition = Omit<SessionMeta, 'callbacks' | 'optimizer'>;

/** Everything to continue bit-identically: model, optimizer state, callbacks' states and the position. */
export function saveSession(model: Model, optimizer: Optimizer<any>, state: OptimizerState<any>, callbacks: readonly Callback[], position: SessionPosition): CheckpointContent {
  const sd = stateDict(optimizer, state);
  const tensors: NamedTensor[] = [];
  for (const [k, v] of Object.entries(modelState(model))) tensors.push({ name: `model/${k}`, shape: [...v.shape], data: Float32Array.from(v.data) });
  tensors.push({ name: 'optimizer', shape: [sd.blob.length], data: sd.blob });
  const saved = callbacks.map((c, i) => {
    const s = c.saveState?.();
    if (!s) return null;
    for (const t of s.tensors ?? []) tensors.push({ ...t, name: `callback/${i}/${t.name}` });
    return s.meta;
  });
  const p = position;
  // the key order of the JSON record as it has always been written
  const meta: SessionMeta = { epoch: p.epoch, batch: p.batch, lossSum: p.lossSum, lossCount: p.lossCount, hits: p.hits, baseLr: p.baseLr, history: p.history, schedule: p.schedule, callbacks: saved, stopRequest: p.stopRequest, optimizer: sd.json };
  return { meta: meta as unknown as Record<string, unknown>, tensors };
}

/**
 * Load `saveSession`'s content into the model and the callbacks; returns the position and the
 * optimizer state rebuilt over `arena`.
 */
export function loadSession(c: CheckpointContent, model: Model, optimizer: Optimizer<any>, arena: ParamArena, callbacks: readonly Callback[]): { meta: SessionMeta; state: OptimizerState<any> } {
  const meta = c.meta as unknown as SessionMeta;
  loadModelState(model, tensorsUnder(c.tensors, 'model'));
  const state = loadStateDict(optimizer, arena, { json: meta.optimizer, blob: tensorNamed(c.tensors, 'optimizer') });
  callbacks.forEach((cb, i) => {
    const m = meta.callbacks[i];
    if (m !== null && m !== undefined) cb.loadState?.({ meta: m, tensors: namedUnder(c.tensors, `callback/${i}`) });
  });
  return { meta, state };
}

function modelState(model: Model): Record<string, { shape: readonly number[]; data: ArrayLike<number> }> {
  if (model.stateDict) return model.stateDict();
  const out: Record<string, { shape: readonly number[]; data: ArrayLike<number> }> = {};
  model.parameters().forEach((p, i) => (out[`param${i}`] = { shape: p.shape, data: p.data() }));
  return out;
}

function loadModelState(model: Model, state: Record<string, { shape: number[]; data: Float32Array }>): void {
  if (model.loadStateDict) {
    model.loadStateDict(state);
    return;
  }
  model.parameters().forEach((p, i) => {
    const s = state[`param${i}`];
    if (!s) throw new DescentError('bad-checkpoint', `fit: the checkpoint has no param${i}`);
    p.assign(s.data);
  });
}

function namedUnder(tensors: NamedTensor[], prefix: string): NamedTensor[] {
  return tensors.filter((t) => t.name.startsWith(`${prefix}/`)).map((t) => ({ ...t, name: t.name.slice(prefix.length + 1) }));
}
