import { closeSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { DescentError } from '@descent/optim-wasm';
import { removeFile, syncDir, writeFileAtomic } from './atomic.js';
import type { CheckpointContent, NamedTensor } from './content.js';
import { crc32 } from './crc32.js';

/**
 * The format tag in every checkpoint.json; a checkpoint with another tag is refused on load, naming
 * both.
 */
export const CHECKPOINT_FORMAT = 'descent-checkpoint/1';
/**
 * The file name of a checkpoint's manifest in its directory (beside the tensor blob
 * `checkpoint-<generation>.bin`).
 */
export const CHECKPOINT_JSON = 'checkpoint.json';
/** Written by the CLI before it used this format; recognised only to say so. */
const OLD_CLI_FORMAT = 'descent-cli-checkpoint/1';
const BLOB = /^checkpoint-(\d+)\.bin$/;

interface TensorRef {
  name: string;
  shape: number[];
  offset: number;
  length: number;
}

/** checkpoint.json: everything but the tensor bytes; `crc32` covers the rest of the manifest. */
interface Manifest {
  format: typeof CHECKPOINT_FORMAT;
  generation: number;
  blob: { file: string; bytes: number; crc32: number };
  tensors: TensorRef[];
  meta: Record<string, unknown>;
  crc32: number;
}

const manifestSum = (body: Omit<Manifest, 'crc32'>): number => crc32(Buffer.from(JSON.stringify(body), 'utf8'));

/** Blob files in `dir` with their generation. */
function blobs(dir: string): { file: string; generation: number }[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((file) => {
    const m = BLOB.exec(file);
    return m ? [{ file, generation: Number(m[1]) }] : [];
  });
}

/**
 * Save `content` in `dir`: the tensors (little-endian f32, one after another) go to a new
 * `checkpoint-<generation>.bin`, then `checkpoint.json` (format, tensor names, shapes and offsets,
 * `meta`, the blob's size and CRC-32, and a CRC-32 of the manifest itself) replaces the previous
 * manifest by rename. Until that rename the previous checkpoint stays complete, so a crash or a
 * failed write at any step never loses it; older blobs are deleted afterwards.
 */
export function writeCheckpoint(dir: string, content: CheckpointContent): void {
  mkdirSync(dir, { recursive: true });
  const generation = Math.max(0, ...blobs(dir).map((b) => b.generation)) + 1;
  let length = 0;
  const tensors: TensorRef[] = content.tensors.map((t) => {
    const ref = { name: t.name, shape: [...t.shape], offset: length, length: t.data.length };
    length += t.data.length;
    return ref;
  });
  const all = new Float32Array(length);
  content.tensors.forEach((t, i) => all.set(t.data, tensors[i]!.offset));
  const bytes = new Uint8Array(all.buffer);
  const file = `checkpoint-${generation}.bin`;
  const body = { format: CHECKPOINT_FORMAT, generation, blob: { file, bytes: bytes.length, crc32: crc32(bytes) }, tensors, meta: content.meta } as const;
  writeFileAtomic(join(dir, file), bytes);
  writeFileAtomic(join(dir, CHECKPOINT_JSON), `${JSON.stringify({ ...body, crc32: manifestSum(body) })}\n`);
  syncDir(dir);
  for (const b of blobs(dir)) if (b.file !== file) removeFile(join(dir, b.file));
}

function damaged(path: string, what: string): DescentError {
  return new DescentError('checkpoint-damaged', `${path}: ${what}`);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

/** Read and check the manifest: its checksum, then every field's type and range. */
function readManifest(dir: string): Manifest {
  const path = join(dir, CHECKPOINT_JSON);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new DescentError('checkpoint-missing', `${dir}: no checkpoint (${CHECKPOINT_JSON} is missing)`);
    throw damaged(path, `cannot read the manifest (${code ?? (e as Error).message})`);
  }
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch (e) {
    throw damaged(path, `not valid JSON (${text.length} bytes; truncated?): ${(e as Error).message}`);
  }
  if (!isObject(m)) throw damaged(path, `the manifest is ${m === null ? 'null' : typeof m}, not an object`);
  if (m['format'] === OLD_CLI_FORMAT) throw damaged(path, `written by an older descent (${OLD_CLI_FORMAT}), which this version cannot read; start the run again`);
  if (m['format'] !== CHECKPOINT_FORMAT) throw damaged(path, `format ${JSON.stringify(m['format'])}, expected '${CHECKPOINT_FORMAT}'`);
  const { crc32: sum, ...body } = m;
  if (manifestSum(body as Omit<Manifest, 'crc32'>) !== sum) throw damaged(path, 'the manifest fails its CRC-32 check (edited or damaged)');
  const bad = (field: string, v: unknown, want: string) => damaged(path, `'${field}' must be ${want}, got ${JSON.stringify(v)}`);
  if (!isCount(m['generation']) || m['generation'] < 1) throw bad('generation', m['generation'], 'an integer >= 1');
  const blob = m['blob'];
  if (!isObject(blob)) throw bad('blob', blob, 'an object');
  if (typeof blob['file'] !== 'string' || !BLOB.test(blob['file'])) throw bad('blob.file', blob['file'], "'checkpoint-<n>.bin'");
  if (!isCount(blob['bytes']) || blob['bytes'] % 4 !== 0) throw bad('blob.bytes', blob['bytes'], 'a multiple of 4');
  if (!isCount(blob['crc32']) || blob['crc32'] > 0xffffffff) throw bad('blob.crc32', blob['crc32'], 'a 32-bit checksum');
  if (!isObject(m['meta'])) throw bad('meta', m['meta'], 'an object');
  if (!Array.isArray(m['tensors'])) throw bad('tensors', m['tensors'], 'an array');
  const names = new Set<string>();
  let end = 0;
  for (const [i, t] of (m['tensors'] as unknown[]).entries()) {
    const f = `tensors[${i}]`;
    if (!isObject(t)) throw bad(f, t, 'an object');
    if (typeof t['name'] !== 'string' || t['name'] === '' || names.has(t['name'])) throw bad(`${f}.name`, t['name'], 'a unique non-empty string');
    names.add(t['name']);
    const shape = t['shape'];
    if (!Array.isArray(shape) || !shape.every(isCount)) throw bad(`${f}.shape`, shape, 'an array of sizes');
    const size = (shape as number[]).reduce((a, b) => a * b, 1);
    if (t['offset'] !== end) throw bad(`${f}.offset`, t['offset'], String(end));
    if (t['length'] !== size) throw bad(`${f}.length`, t['length'], `${size} (the product of its shape)`);
    end += size;
  }
  if (end * 4 !== blob['bytes']) throw damaged(path, `the tensors need ${end * 4} bytes, blob.bytes says ${String(blob['bytes'])}`);
  return m as unknown as Manifest;
}

/** The blob's bytes: a regular file of the manifest's size and CRC-32. */
function readBlob(dir: string, m: Manifest): Uint8Array {
  const path = join(dir, m.blob.file);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw damaged(path, `cannot read the checkpoint's tensors (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw damaged(path, 'not a regular file');
    if (st.size !== m.blob.bytes) throw damaged(path, `${st.size} bytes, ${CHECKPOINT_JSON} expects ${m.blob.bytes} (truncated, or from another save)`);
    const bytes = new Uint8Array(m.blob.bytes);
    let at = 0;
    while (at < bytes.length) {
      const n = readSync(fd, bytes, at, bytes.length - at, at);
      if (n === 0) throw damaged(path, `ended after ${at} of ${bytes.length} bytes`);
      at += n;
    }
    const sum = crc32(bytes);
    if (sum !== m.blob.crc32) throw damaged(path, `fails its CRC-32 check (${sum} ≠ ${m.blob.crc32}): the file is damaged or from another save`);
    return bytes;
  } finally {
    closeSync(fd);
  }
}

/**
 * Load a checkpoint written by `writeCheckpoint`. A missing checkpoint throws code
 * 'checkpoint-missing'; any damage (a manifest that fails its checksum or has a field of the wrong
 * type, a truncated, altered or missing blob, a directory in its place) throws
 * 'checkpoint-damaged' naming the file and the problem. Nothing is written.
 */
export function readCheckpoint(dir: string): CheckpointContent {
  const m = readManifest(dir);
  const all = new Float32Array(readBlob(dir, m).buffer);
  const tensors: NamedTensor[] = m.tensors.map((t) => ({ name: t.name, shape: t.shape, data: all.slice(t.offset, t.offset + t.length) }));
  return { meta: m.meta, tensors };
}
