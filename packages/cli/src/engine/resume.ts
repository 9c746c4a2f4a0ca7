import { readCheckpoint, type CheckpointContent } from '@descent/train';
import { asInputError, usageError } from '../errors.js';

const count = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0;

/**
 * The checkpoint a `--resume` continues from: read and checked by `readCheckpoint` (checksums,
 * the manifest's fields), then the position fields of a trainer's meta (epoch, batch, history),
 * so that a forged manifest cannot resume at a nonsensical position. Any problem: exit 2.
 */
export function readResumeCheckpoint(dir: string): CheckpointContent {
  const c = asInputError('--resume', () => readCheckpoint(dir));
  const m = c.meta;
  const bad = (field: string, want: string) => usageError(`--resume: ${dir}/checkpoint.json: meta.${field} must be ${want}, got ${JSON.stringify(m[field])}`);
  if (!count(m['epoch'])) throw bad('epoch', 'an integer >= 0');
  if (!count(m['batch'])) throw bad('batch', 'an integer >= 0');
  const h = m['history'];
  if (!Array.isArray(h) || !h.every((r) => r !== null && typeof r === 'object' && !Array.isArray(r))) throw bad('history', 'an array of epoch records');
  return c;
}
