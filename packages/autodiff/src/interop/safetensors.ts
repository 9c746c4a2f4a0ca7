import { DescentError } from '@descent/optim-wasm';

/**
 * The safetensors format (https://github.com/huggingface/safetensors): an 8-byte little-endian
 * header length N, N bytes of JSON `{name: {dtype, shape, data_offsets: [begin, end]}, __metadata__?}`
 * (padded with spaces to a multiple of 8), then the raw little-endian data, offsets relative to
 * its start. Works on bytes only, so it runs in browsers and in Node alike.
 */

/** The element types read and written here (PyTorch's float32, float64, int32, int64). */
export type SafetensorsDtype = 'F32' | 'F64' | 'I32' | 'I64';

/** One tensor of a safetensors file: its dtype, shape and values (int64 as numbers, exact to 2^53). */
export interface SafetensorsTensor {
  dtype: SafetensorsDtype;
  shape: number[];
  data: Float32Array | Float64Array | Int32Array | Float64Array;
}

/** A decoded file: tensors by name, and the header's string metadata. */
export interface Safetensors {
  tensors: Record<string, SafetensorsTensor>;
  metadata: Record<string, string>;
}

const BYTES: Record<SafetensorsDtype, number> = { F32: 4, F64: 8, I32: 4, I64: 8 };
const MAX_HEADER = 100_000_000;

function bad(where: string, what: string): never {
  throw new DescentError('safetensors', `${where}: ${what}`);
}

function elements(shape: readonly number[]): number {
  return shape.reduce((a, d) => a * d, 1);
}

/** Decode a safetensors file; every offset and size is checked before any value is read. */
export function decodeSafetensors(bytes: Uint8Array, where = 'safetensors'): Safetensors {
  if (!(bytes instanceof Uint8Array)) bad(where, `expected the file's bytes (a Uint8Array), got ${typeof bytes}`);
  if (bytes.length < 8) bad(where, `${bytes.length} bytes is too short for a safetensors file (8-byte header length first)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = Number(view.getBigUint64(0, true));
  if (n > MAX_HEADER || 8 + n > bytes.length) bad(where, `header length ${n} does not fit in the ${bytes.length}-byte file`);
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + n)));
  } catch (e) {
    bad(where, `the header is not valid UTF-8 JSON (${(e as Error).message})`);
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) bad(where, 'the header must be a JSON object');
  const dataStart = 8 + n;
  const dataLength = bytes.length - dataStart;
  const metadata: Record<string, string> = {};
  const tensors: Record<string, SafetensorsTensor> = {};
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') {
      for (const [k, v] of Object.entries((entry ?? {}) as Record<string, unknown>)) {
        if (typeof v !== 'string') bad(where, `__metadata__.${k} must be a string`);
        metadata[k] = v;
      }
      continue;
    }
    const e = entry as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    const dtype = e?.dtype as SafetensorsDtype;
    if (!(dtype in BYTES)) bad(where, `tensor '${name}' has dtype ${JSON.stringify(e?.dtype)}; this reader takes ${Object.keys(BYTES).join(', ')}`);
    const shape = e.shape;
    if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) bad(where, `tensor '${name}' has an invalid shape ${JSON.stringify(shape)}`);
    const offsets = e.data_offsets;
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isInteger(o) && o >= 0)) {
      bad(where, `tensor '${name}' has invalid data_offsets ${JSON.stringify(offsets)}`);
    }
    const [begin, end] = offsets as [number, number];
    const count = elements(shape);
    if (end < begin || end > dataLength || end - begin !== count * BYTES[dtype]) {
      bad(where, `tensor '${name}' (${dtype} ${JSON.stringify(shape)}) has data_offsets [${begin}, ${end}] that do not match its size or the ${dataLength} data bytes`);
    }
    tensors[name] = { dtype, shape: [...shape], data: readValues(view, dataStart + begin, dtype, count) };
  }
  return { tensors, metadata };
}

function readValues(view: DataView, at: number, dtype: SafetensorsDtype, count: number): SafetensorsTensor['data'] {
  switch (dtype) {
    case 'F32': {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(at + 4 * i, true);
      return out;
    }
    case 'F64': {
      const out = new Float64Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(at + 8 * i, true);
      return out;
    }
    case 'I32': {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt32(at + 4 * i, true);
      return out;
    }
    case 'I64': {
      const out = new Float64Array(count);
      for (let i = 0; i < count; i++) out[i] = Number(view.getBigInt64(at + 8 * i, true));
      return out;
    }
  }
}

/**
 * Encode tensors as a safetensors file. The header is space-padded to 8 bytes and tensors are laid
 * out by element size (largest first), then by name, so every tensor starts aligned to its dtype.
 */
export function encodeSafetensors(tensors: Record<string, { dtype: SafetensorsDtype; shape: readonly number[]; data: ArrayLike<number> }>, metadata: Record<string, string> = {}): Uint8Array {
  const names = Object.keys(tensors).sort((a, b) => BYTES[tensors[b]!.dtype] - BYTES[tensors[a]!.dtype] || (a < b ? -1 : a > b ? 1 : 0));
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header['__metadata__'] = metadata;
  let offset = 0;
  for (const name of names) {
    const t = tensors[name]!;
    if (!(t.dtype in BYTES)) bad('encodeSafetensors', `tensor '${name}' has dtype ${JSON.stringify(t.dtype)}; expected one of ${Object.keys(BYTES).join(', ')}`);
    const count = elements(t.shape);
    if (t.data.length !== count) bad('encodeSafetensors', `tensor '${name}' has ${t.data.length} values for shape ${JSON.stringify(t.shape)}`);
    const size = count * BYTES[t.dtype];
    header[name] = { dtype: t.dtype, shape: [...t.shape], data_offsets: [offset, offset + size] };
    offset += size;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8;
  const head = new Uint8Array(padded).fill(0x20);
  head.set(json);
  json = head;
  const out = new Uint8Array(8 + json.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let at = 8 + json.length;
  for (const name of names) {
    const t = tensors[name]!;
    for (let i = 0; i < t.data.length; i++) {
      const v = t.data[i]!;
      if (t.dtype === 'F32') view.setFloat32(at + 4 * i, v, true);
      else if (t.dtype === 'F64') view.setFloat64(at + 8 * i, v, true);
      else if (t.dtype === 'I32') view.setInt32(at + 4 * i, v, true);
      else {
        if (!Number.isSafeInteger(v)) bad('encodeSafetensors', `tensor '${name}' is I64 but holds ${v} at ${i}`);
        view.setBigInt64(at + 8 * i, BigInt(v), true);
      }
    }
    at += elements(t.shape) * BYTES[t.dtype];
  }
  return out;
}
