import { DescentError } from '@descent/optim-wasm';
import type { Module, StateDictInput } from '../nn/module.js';
import { decodeSafetensors, encodeSafetensors, type SafetensorsDtype } from './safetensors.js';

/**
 * PyTorch's names for a descent state-dict key: the same dotted path (Sequential children are
 * `0`, `1`, …; Linear `weight` is [out, in] in both), with the last segment in snake_case
 * (`runningMean` → `running_mean`).
 */
export function torchKey(key: string): string {
  const dot = key.lastIndexOf('.');
  return key.slice(0, dot + 1) + key.slice(dot + 1).replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** descent's key for a PyTorch state-dict name (the inverse of `torchKey`). */
export function descentKey(key: string): string {
  const dot = key.lastIndexOf('.');
  return key.slice(0, dot + 1) + key.slice(dot + 1).replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

// PyTorch keeps these counters as int64.
const INT64_BUFFERS = new Set(['num_batches_tracked']);

function dtypeFor(key: string): SafetensorsDtype {
  return INT64_BUFFERS.has(key.slice(key.lastIndexOf('.') + 1)) ? 'I64' : 'F32';
}

/**
 * A module's weights and persistent buffers as a safetensors file with PyTorch's state-dict names,
 * layouts and dtypes (float32; int64 for `num_batches_tracked`), readable by
 * `torch.nn.Module.load_state_dict(safetensors.torch.load_file(path))`.
 */
export function toSafetensors(module: Module, metadata: Record<string, string> = { format: 'pt' }): Uint8Array {
  return stateDictToSafetensors(module.stateDict(), metadata);
}

/** `toSafetensors` for a state dict already in hand (descent's keys, e.g. from a checkpoint). */
export function stateDictToSafetensors(sd: StateDictInput, metadata: Record<string, string> = { format: 'pt' }): Uint8Array {
  const out: Record<string, { dtype: SafetensorsDtype; shape: readonly number[]; data: ArrayLike<number> }> = {};
  for (const [key, entry] of Object.entries(sd)) {
    const name = torchKey(key);
    out[name] = { dtype: dtypeFor(name), shape: entry.shape, data: entry.data };
  }
  return encodeSafetensors(out, metadata);
}

/**
 * Load a safetensors state dict (PyTorch names, as `toSafetensors` writes or PyTorch saves) into
 * `module` in place. Values are rounded to float32; with `strict` (default) the names must match
 * the module's exactly. Returns the missing and unexpected keys (in PyTorch's names).
 */
export function loadSafetensors(module: Module, bytes: Uint8Array, { strict = true, where = 'loadSafetensors' }: { strict?: boolean; where?: string } = {}): { missingKeys: string[]; unexpectedKeys: string[] } {
  const { tensors } = decodeSafetensors(bytes, where);
  const sd: StateDictInput = {};
  for (const [name, t] of Object.entries(tensors)) {
    const key = descentKey(name);
    if (sd[key]) throw new DescentError('safetensors', `${where}: '${name}' and another tensor map to the same key '${key}'`);
    sd[key] = { shape: t.shape, data: t.data instanceof Float32Array ? t.data : Float32Array.from(t.data) };
  }
  if (strict) {
    // named as in the file (PyTorch's names), before descent's loadStateDict names its own keys
    const own = Object.keys(module.stateDict()).map(torchKey);
    const missing = own.filter((k) => !(k in tensors));
    const unexpected = Object.keys(tensors).filter((k) => !own.includes(k));
    if (missing.length || unexpected.length) {
      const parts = [];
      if (missing.length) parts.push(`missing keys: ${missing.join(', ')}`);
      if (unexpected.length) parts.push(`unexpected keys: ${unexpected.join(', ')}`);
      throw new DescentError('state-dict', `${where}: the file does not match the model (${parts.join('; ')})`);
    }
  }
  const r = withWhere(where, () => module.loadStateDict(sd, { strict }));
  return { missingKeys: r.missingKeys.map(torchKey), unexpectedKeys: r.unexpectedKeys.map(torchKey) };
}

function withWhere<T>(where: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof DescentError) throw new DescentError(e.code, `${where}: ${e.message}`);
    throw e;
  }
}
