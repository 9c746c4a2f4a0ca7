// PyTorch interop: `descent export RUN --format safetensors` writes the run's model weights with
// PyTorch's state-dict names; `descent import FILE.safetensors --model …` evaluates such weights on
// a dataset (--evaluate) or continues training from them (a normal train run).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { stateDictToSafetensors } from '@descent/autodiff';
import { createTrainer, prepare, readCheckpoint, tensorsUnder, writeFileAtomic } from '@descent/train';
import { loadDataset } from '../data/load.js';
import { asInputError, EXIT, usageError } from '../errors.js';
import { runFiles } from '../io/run-dir.js';
import { lockRunDir } from '../io/run-lock.js';
import { initFromSafetensors } from './init-weights.js';
import { trainCommand, trainConfigFrom, type CommonFlags } from './train.js';

export const EXPORT_FORMATS = ['safetensors'] as const;

/** `descent export RUN`: the model of RUN's checkpoint as RUN/model.safetensors (or --out FILE). */
export function exportCommand(dir: string, o: CommonFlags & { format?: string }): number {
  const format = o.format ?? 'safetensors';
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) throw usageError(`--format ${format}: unknown format (known: ${EXPORT_FORMATS.join(', ')})`);
  const files = runFiles(dir);
  if (!existsSync(files.config)) throw usageError(`${dir}: not a run directory (no config.json)`);
  // the lock keeps the export from reading a checkpoint mid-write (exit 2 naming the live run)
  lockRunDir(dir, 'descent export');
  const content = asInputError(dir, () => readCheckpoint(files.checkpoint));
  const model = tensorsUnder(content.tensors, 'model');
  if (Object.keys(model).length === 0) throw usageError(`${dir}: the checkpoint holds no model weights`);
  const bytes = stateDictToSafetensors(model, { format: 'pt', producer: 'descent' });
  const out = o.out ?? join(dir, 'model.safetensors');
  writeFileAtomic(out, bytes);
  if (o.json) process.stdout.write(`${JSON.stringify({ file: out, bytes: bytes.length, tensors: Object.keys(model).length })}\n`);
  else if (!o.quiet) process.stdout.write(`exported ${Object.keys(model).length} tensors (${bytes.length} bytes): ${out}\n`);
  return EXIT.ok;
}

/**
 * `descent import FILE.safetensors --model … --dataset …`: with --evaluate, score the weights on
 * the train/val/test splits and print them; otherwise train from them (a run directory as `train`).
 */
export async function importCommand(file: string, flags: Record<string, unknown>, o: CommonFlags & { config?: string; evaluate?: boolean }): Promise<number> {
  if (!o.evaluate) return trainCommand(flags, { ...o, initWeights: file });
  const config = trainConfigFrom(flags, o.config);
  const data = prepare(loadDataset(config), config.valSplit, config.testSplit, config.seed);
  const trainer = createTrainer(config, data);
  initFromSafetensors(trainer, file);
  const scores: Record<string, Record<string, number>> = {};
  for (const [name, split] of [['train', data.train], ['val', data.val], ['test', data.test]] as const) {
    if (split && split.n > 0) scores[name] = { ...trainer.score(split) } as Record<string, number>;
  }
  if (o.json) process.stdout.write(`${JSON.stringify({ weights: file, dataset: data.name, scores })}\n`);
  else {
    for (const [name, s] of Object.entries(scores)) {
      const acc = s['accuracy'] !== undefined ? `  accuracy ${(s['accuracy'] * 100).toFixed(2)}%` : '';
      const mse = s['mse'] !== undefined ? `  mse ${s['mse'].toPrecision(4)}` : '';
      process.stdout.write(`${name}: loss ${s['loss']!.toFixed(4)}${acc}${mse}\n`);
    }
  }
  return EXIT.ok;
}
