import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckpointContent } from '@descent/train';
import { usageError } from '../errors.js';
import { writeAtomic, writeJsonAtomic } from '../io/atomic.js';

export const CHECKPOINT_FORMAT = 'descent-cli-checkpoint/1';

interface Manifest {
  format: typeof CHECKPOINT_FORMAT;
  generation: number;
  blob: string;
  bytes: number;
  checksum: string;
  tensors: { name: string; shape: number[]; offset: number; length: number }[];
  meta: Record<string, unknown>;
}

/** FNV-1a over the bytes, as 8 hex digits: catches a truncated or damaged blob. */
function checksum(bytes: Uint8Array): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

/**
 * Save a checkpoint in `dir`: the tensors go to a new `tensors-<generation>.bin`, then
 * `checkpoint.json` (the manifest, naming that blob) replaces the old manifest by rename. Until
 * that rename the previous checkpoint stays complete, so a failed write never destroys it.
 */
export function saveCheckpoint(dir: string, content: CheckpointContent): void {
  let generation = 1;
  const manifestPath = join(dir, 'checkpoint.json');
  if (existsSync(manifestPath)) {
    try {
      generation = (JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest).generation + 1;
    } catch {
      generation = Date.now();
    }
  }
  let length = 0;
  const tensors = content.tensors.map((t) => {
    const e = { name: t.name, shape: t.shape, offset: length, length: t.data.length };
    length += t.data.length;
    return e;
  });
  const blob = new Float32Array(length);
  content.tensors.forEach((t, i) => blob.set(t.data, tensors[i]!.offset));
  const bytes = new Uint8Array(blob.buffer);
  const blobName = `tensors-${generation}.bin`;
  writeAtomic(join(dir, blobName), bytes);
  const manifest: Manifest = { format: CHECKPOINT_FORMAT, generation, blob: blobName, bytes: bytes.length, checksum: checksum(bytes), tensors, meta: content.meta };
  writeJsonAtomic(manifestPath, manifest);
  for (const f of readdirSync(dir)) if (/^tensors-\d+\.bin$/.test(f) && f !== blobName) rmSync(join(dir, f), { force: true });
}

/** Load a checkpoint; a missing, damaged or truncated one is a clear usage error (exit 2). */
export function loadCheckpoint(dir: string): CheckpointContent {
  const manifestPath = join(dir, 'checkpoint.json');
  if (!existsSync(manifestPath)) throw usageError(`${dir}: no checkpoint (checkpoint.json is missing)`);
  let m: Manifest;
  try {
    m = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
  } catch (e) {
    throw usageError(`${manifestPath}: damaged checkpoint manifest (${e instanceof Error ? e.message : String(e)})`);
  }
  if (m.format !== CHECKPOINT_FORMAT) throw usageError(`${manifestPath}: not a ${CHECKPOINT_FORMAT} checkpoint (format ${JSON.stringify(m.format)})`);
  const blobPath = join(dir, m.blob);
  if (!existsSync(blobPath)) throw usageError(`${dir}: checkpoint blob ${m.blob} is missing`);
  const raw = readFileSync(blobPath);
  if (raw.length !== m.bytes) throw usageError(`${blobPath}: damaged checkpoint: ${raw.length} bytes, expected ${m.bytes}`);
  const bytes = new Uint8Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.length));
  if (checksum(bytes) !== m.checksum) throw usageError(`${blobPath}: damaged checkpoint: checksum mismatch`);
  const blob = new Float32Array(bytes.buffer);
  const tensors = m.tensors.map((t) => {
    if (t.offset + t.length > blob.length) throw usageError(`${manifestPath}: tensor '${t.name}' lies outside the blob`);
    return { name: t.name, shape: t.shape, data: blob.slice(t.offset, t.offset + t.length) };
  });
  return { meta: m.meta, tensors };
}
