import { join } from 'node:path';
import { DescentError } from '@descent/optim-wasm';
import { existsSync } from 'node:fs';
import { readConfigFile, resolveTrainConfig } from '../config/train-config.js';
import type { TrainConfig } from '@descent/train';
import { asInputError, CliError, EXIT, runError, usageError } from '../errors.js';
import { readResumeCheckpoint } from '../engine/resume.js';
import { openRunDir, runFiles, writeJsonAtomic, writeJsonl } from '../io/run-dir.js';
import { createProgress, type Progress } from '../progress.js';
import { renderTrainReport, type TrainSummary } from '../report/train-report.js';
import { interruptExitCode, interruptName, pollInterrupts } from '../signals.js';
import { TRAIN_OPTIONS } from '../config/options.js';
import { prepare, type Dataset, type EpochMetrics, type Prepared, createTrainer, Interrupted, writeCheckpoint, writeFileAtomic, type Trainer } from '@descent/train';
import { loadDataset } from '../data/load.js';
import { initFromSafetensors } from './init-weights.js';
import { checkResumable, savedEncoding } from '../data/resume-check.js';
import { readJsonFile } from '../io/json-file.js';
import { dataNotes, regressionScores } from '../data/notes.js';

export interface CommonFlags {
  json?: boolean;
  quiet?: boolean;
  debug?: boolean;
  out?: string;
}

/** The flags the user typed (commander's value source 'cli'), keyed like TrainConfig. */
export function typedFlags(opts: Record<string, unknown>, source: (key: string) => string | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const d of TRAIN_OPTIONS) if (opts[d.key] !== undefined && source(d.key) === 'cli') out[d.key] = opts[d.key];
  return out;
}

/** Resolve a train config from --config / --resume and the typed flags. */
export function trainConfigFrom(flags: Record<string, unknown>, configFile?: string, resumeDir?: string): TrainConfig {
  let file: Record<string, unknown> = {};
  let fileName = 'config';
  if (resumeDir) {
    const p = runFiles(resumeDir).config;
    if (!existsSync(p)) throw usageError(`--resume ${resumeDir}: not a run directory (no config.json)`);
    file = readConfigFile(p);
    fileName = p;
  }
  const saved = resumeDir ? resolveTrainConfig({}, file, fileName) : null;
  if (configFile) {
    file = { ...file, ...readConfigFile(configFile) };
    fileName = configFile;
  }
  const config = resolveTrainConfig(flags, file, fileName);
  if (saved) checkResumable(resumeDir!, saved, config);
  return config;
}

export function summaryOf(t: Trainer, runId: string, config: TrainConfig, seconds: number, test: Record<string, number> | null, status: string, d?: Dataset): TrainSummary {
  const last = t.history[t.history.length - 1];
  const pick = (loss?: number, acc?: number, mse?: number) => {
    if (loss === undefined) return null;
    const o: Record<string, number> = { loss };
    if (acc !== undefined) o['accuracy'] = acc;
    if (mse !== undefined) o['mse'] = mse;
    return o;
  };
  // after early stopping's restore the final train/val scores are those of the restored weights
  const restored = t.bestEpoch !== null;
  const tr = restored ? t.score(t.data.train) : null;
  const va = restored && t.data.val ? t.score(t.data.val) : null;
  const final = {
    train: tr ? pick(tr.loss, tr.accuracy, tr.mse) : pick(last?.trainLoss, last?.trainAccuracy, last?.trainMse),
    val: va ? pick(va.loss, va.accuracy, va.mse) : pick(last?.valLoss, last?.valAccuracy, last?.valMse),
    test,
  };
  return {
    runId,
    config: config as unknown as Record<string, unknown>,
    epochs: t.history.length,
    seconds,
    final: t.data.task === 'regression' ? regressionScores(final, t.data, d?.encoding) : final,
    bestEpoch: t.bestEpoch,
    stoppedEarly: t.stoppedEarly,
    status,
  };
}

function epochLine(t: Trainer, total: number): string {
  const m = t.history[t.history.length - 1]!;
  const f = (v: number | undefined, d = 4) => (v === undefined ? '' : v.toFixed(d));
  const parts = [`epoch ${m.epoch}/${total}`, `loss ${f(m.trainLoss)}`];
  if (m.trainAccuracy !== undefined) parts.push(`acc ${f(m.trainAccuracy * 100, 2)}%`);
  if (m.valLoss !== undefined) parts.push(`val_loss ${f(m.valLoss)}`);
  if (m.valAccuracy !== undefined) parts.push(`val_acc ${f(m.valAccuracy * 100, 2)}%`);
  parts.push(`lr ${m.lr.toPrecision(3)}`);
  return parts.join('  ');
}

const FIGURES = { trainLoss: 'train loss', trainAccuracy: 'train accuracy', trainMse: 'train mse', valLoss: 'validation loss', valAccuracy: 'validation accuracy', valMse: 'validation mse' } as const;

/** Exit 1 naming the first non-finite end-of-epoch figure and its epoch (the checkpoint of the epoch before is kept). */
function checkFinite(m: EpochMetrics): void {
  for (const [k, name] of Object.entries(FIGURES)) {
    const v = m[k as keyof typeof FIGURES];
    if (v !== undefined && !Number.isFinite(v)) {
      throw runError(`training diverged: non-finite ${name} (${v}) at the end of epoch ${m.epoch} (lr ${m.lr}); lower the learning rate (--lr) or clip the gradients (--grad-clip)`);
    }
  }
}

/** Write metrics.jsonl, the checkpoint, summary and report of a run. */
function persist(dir: string, t: Trainer, runConfig: Record<string, unknown>, summary: TrainSummary | null, checkpoint = true): void {
  const files = runFiles(dir);
  writeJsonl(files.metrics, t.history);
  if (checkpoint) writeCheckpoint(files.checkpoint, t.checkpoint());
  if (summary) writeJsonAtomic(files.summary, summary);
  writeFileAtomic(files.report, renderTrainReport(runConfig, t.history, summary));
}

/** Batch norm cannot normalise a one-row batch: say so before training, not after an epoch. */
function checkBatchNormBatches(config: TrainConfig, rows: number): void {
  if (!config.batchNorm || config.batchSize === 'full' || config.batchSize >= rows) return;
  const last = rows % config.batchSize;
  if (config.batchSize === 1 || last === 1) {
    throw usageError(`--batch-norm: ${config.batchSize === 1 ? 'every batch' : 'the last batch of each epoch'} would have 1 row (${rows} training rows, --batch-size ${config.batchSize}); batch normalisation needs at least 2, so pick another --batch-size`);
  }
}

export interface TrainCommandOptions extends CommonFlags {
  config?: string;
  resume?: string;
  /** Start from these weights (a safetensors file with PyTorch state-dict names). */
  initWeights?: string;
}

/** `descent train`: one run, its directory, its report; resolves to the exit code. */
export async function trainCommand(flags: Record<string, unknown>, o: TrainCommandOptions): Promise<number> {
  const config = trainConfigFrom(flags, o.config, o.resume);
  const encoding = o.resume ? savedEncoding(readJsonFile(runFiles(o.resume).config)) : undefined;
  const dataset = loadDataset({ ...config, ...(encoding ? { encoding } : {}) });
  const data: Prepared = prepare(dataset, config.valSplit, config.testSplit, config.seed);
  checkBatchNormBatches(config, data.train.n);
  const trainer = createTrainer(config, data);
  const dir = o.resume ? openRunDir(config.name, o.resume, 'descent train --resume', '--resume') : openRunDir(config.name, o.out, 'descent train');
  const files = runFiles(dir);
  if (o.initWeights) initFromSafetensors(trainer, o.initWeights);
  if (o.resume) {
    const saved = readResumeCheckpoint(files.checkpoint);
    asInputError('--resume', () => trainer.restore(saved));
  }
  // the CSV encoding is saved with the run: applied again on --resume and shown by `descent report`
  const runConfig = { kind: 'train', ...config, ...(dataset.encoding ? { encoding: dataset.encoding } : {}) };
  writeJsonAtomic(files.config, runConfig);
  const runId = dir.replace(/^.*[\\/]/, '');
  const progress: Progress = createProgress({ quiet: !!o.quiet, stream: o.json ? process.stderr : process.stdout });
  const started = Date.now();
  const n = data.train.n;
  const bs = config.batchSize === 'full' ? n : Math.min(config.batchSize, n);
  if (!o.quiet) progress.line(`descent train: ${data.name} (${data.train.n} train / ${data.val?.n ?? 0} val / ${data.test?.n ?? 0} test rows), ${config.model}, ${config.optimizer}, seed ${config.seed} → ${dir}`);
  if (!o.quiet) for (const note of dataNotes(dataset)) progress.line(note);
  progress.start(config.epochs, Math.ceil(n / bs), trainer.epoch);
  try {
    await trainer.run({
      onBatch: (b) => progress.batch(b.epoch, b.batch, b.loss),
      onEpoch: (m, t) => {
        checkFinite(m); // before printing: a non-finite epoch is the epoch that diverged, not a line of NaNs
        progress.epoch(epochLine(t, config.epochs), t.epoch);
        persist(dir, t, runConfig, null);
      },
      interrupted: pollInterrupts(),
    });
  } catch (e) {
    progress.stop();
    if (e instanceof Interrupted) {
      writeCheckpoint(files.checkpoint, trainer.checkpoint());
      persist(dir, trainer, runConfig, summaryOf(trainer, runId, config, (Date.now() - started) / 1000, null, 'interrupted', dataset), false);
      process.stderr.write(`descent: ${interruptName()}: ${e.message}; checkpoint saved, continue with: descent train --resume ${dir}\n`);
      return interruptExitCode();
    }
    if (e instanceof CliError || e instanceof DescentError) {
      // the last good checkpoint (previous epoch) is kept; record what happened
      persist(dir, trainer, runConfig, summaryOf(trainer, runId, config, (Date.now() - started) / 1000, null, 'failed', dataset), false);
    }
    throw e;
  }
  progress.stop();
  const test = data.test ? trainer.score(data.test) : null;
  const testScores = test ? { loss: test.loss, ...(test.accuracy !== undefined ? { accuracy: test.accuracy } : { mse: test.mse! }) } : null;
  const badTest = testScores && Object.entries(testScores).find(([, v]) => !Number.isFinite(v));
  if (badTest) {
    // the checkpoint of the last epoch stays: its figures were finite; the test figure is not
    persist(dir, trainer, runConfig, summaryOf(trainer, runId, config, (Date.now() - started) / 1000, null, 'failed', dataset), false);
    throw runError(`training diverged: the test ${badTest[0]} is ${badTest[1]} after ${trainer.history.length} epochs; lower the learning rate (--lr) or clip the gradients (--grad-clip)`);
  }
  const summary = summaryOf(trainer, runId, config, (Date.now() - started) / 1000, testScores, 'completed', dataset);
  persist(dir, trainer, runConfig, summary);
  if (o.json) {
    const { runId: id, config: cfg, epochs, seconds, final } = summary;
    process.stdout.write(`${JSON.stringify({ runId: id, config: cfg, epochs, seconds, final })}\n`);
  } else {
    const t = summary.final['test'];
    const acc = test?.accuracy !== undefined ? `test accuracy ${(test.accuracy * 100).toFixed(2)}%` : t ? `test mse ${t['mse']!.toPrecision(4)} (mean predictor ${t['baselineMse']!.toPrecision(4)})` : 'no test split';
    process.stdout.write(`${acc} (test loss ${test ? test.loss.toFixed(4) : '-'}) after ${summary.epochs} epochs in ${summary.seconds.toFixed(1)} s${trainer.stoppedEarly ? ` (early stop, best epoch ${trainer.bestEpoch})` : ''}\nreport: ${join(dir, 'report.html')}\n`);
  }
  return EXIT.ok;
}
