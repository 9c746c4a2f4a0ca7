import { DescentError } from '@descent/optim-wasm';
import type { JobSpec } from './jobs.js';

// Job values cross threads, processes and machines as text. Plain JSON loses NaN, ±Infinity,
// −0 and typed arrays, so those travel as tagged objects ({"$t": …}) and come back as they were.
// Every runner (serial too) passes values through here, so all runners return the same values.

type Tagged = { $t: string; v: unknown };

const typedArrays = {
  f32: Float32Array,
  f64: Float64Array,
  i32: Int32Array,
  u32: Uint32Array,
  i16: Int16Array,
  u16: Uint16Array,
  i8: Int8Array,
  u8: Uint8Array,
} as const;
type TypedName = keyof typeof typedArrays;

function base64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function unbase64(text: string): Uint8Array<ArrayBuffer> {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

function encode(value: unknown, path: string): unknown {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (value === undefined) return undefined;
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return { $t: 'num', v: 'NaN' };
    if (value === Infinity || value === -Infinity) return { $t: 'num', v: String(value) };
    if (Object.is(value, -0)) return { $t: 'num', v: '-0' };
    return value;
  }
  if (Array.isArray(value)) return value.map((v, i) => encode(v, `${path}[${i}]`) ?? null);
  if (ArrayBuffer.isView(value)) {
    const name = (Object.keys(typedArrays) as TypedName[]).find((k) => value.constructor === typedArrays[k]);
    if (!name) throw new DescentError('bad-job', `job result: ${path} is ${value.constructor.name}, which cannot leave its thread`);
    return { $t: name, v: base64(new Uint8Array(value.buffer, value.byteOffset, value.byteLength)) };
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const e = encode(v, `${path}.${k}`);
      if (e !== undefined) out[k] = e;
    }
    return '$t' in out ? { $t: 'obj', v: out } : out;
  }
  const what = typeof value === 'object' ? ((value as object).constructor?.name ?? 'object') : typeof value;
  throw new DescentError('bad-job', `job result: ${path} is ${what}, not data (return numbers, strings, arrays, typed arrays, plain objects)`);
}

function decode(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decode);
  if (value === null || typeof value !== 'object') return value;
  const o = value as Record<string, unknown>;
  if (typeof o.$t === 'string' && 'v' in o) {
    const t = o as Tagged;
    if (t.$t === 'num') return Number(t.v);
    if (t.$t === 'obj') return decodeFields(t.v as Record<string, unknown>);
    const Ctor = typedArrays[t.$t as TypedName];
    if (Ctor) {
      const bytes = unbase64(t.v as string);
      return new Ctor(bytes.buffer, 0, bytes.byteLength / Ctor.BYTES_PER_ELEMENT);
    }
  }
  return decodeFields(o);
}

function decodeFields(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) out[k] = decode(v);
  return out;
}

/** A job's value as text (undefined fields dropped); `spec` names the job in errors. */
export function toWire(value: unknown, spec?: JobSpec): string {
  return JSON.stringify(encode(value, spec ? `${spec.kind} value` : 'value') ?? null);
}

/** The value `toWire` encoded. */
export function fromWire(text: string): unknown {
  return decode(JSON.parse(text));
}
