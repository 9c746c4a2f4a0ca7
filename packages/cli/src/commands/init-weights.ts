// Weights from a safetensors file (PyTorch state-dict names) into a trainer's model, in place.
import { readFileSync, statSync } from 'node:fs';
import { loadSafetensors } from '@descent/autodiff';
import type { Trainer } from '@descent/train';
import { asInputError, usageError } from '../errors.js';

function readWeights(file: string): Uint8Array {
  let st;
  try {
    st = statSync(file);
  } catch (e) {
    throw usageError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  if (!st.isFile()) throw usageError(`${file}: not a regular file`);
  if (st.size < 8) throw usageError(`${file}: ${st.size} bytes is too short for a safetensors file`);
  return new Uint8Array(readFileSync(file));
}

/** Load `file` into a trainer's model (names and shapes must match the --model architecture). */
export function initFromSafetensors(trainer: Trainer, file: string): void {
  const bytes = readWeights(file);
  asInputError(file, () => loadSafetensors(trainer.model, bytes, { where: 'weights' }));
}

