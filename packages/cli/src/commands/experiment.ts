import { usageError } from '../errors.js';
import { intFlag } from '../config/options.js';
import { biasVarianceViewExperiment, biasVarianceViewSettings, givenBiasVarianceFlag, type BiasVarianceFlags } from '../experiments/bias-variance-view.js';
import { BATCH_SIZE_VIEW_ONLY, batchSizeViewExperiment, batchSizeViewSettings, type BatchSizeViewFlags } from '../experiments/batch-size-view.js';
import { artifactSink, type CollectedArtifacts } from '../experiments/context.js';
import { EXPERIMENT_NAMES, EXPERIMENTS } from '../experiments/index.js';
import { RACE_FLAGS, raceExperiment, raceSettings, type RaceFlags } from '../experiments/race.js';
import { createProgress } from '../progress.js';
import type { ExperimentResult } from '../report/results.js';
import { finishResults } from './output.js';
import type { CommonFlags } from './train.js';
import type { FanoutFlags } from '../fanout/runner.js';
import { unknownName } from '@descent/train';
import { resolveTrainConfig } from '../config/train-config.js';
import { flagName } from '../config/options.js';

export interface ExperimentOptions extends CommonFlags, RaceFlags, BiasVarianceFlags, BatchSizeViewFlags, FanoutFlags {
  quick?: boolean;
  seed?: string;
}

/** The train flags an experiment takes to run on the user's data and model instead of the lecture's. */
export const EXPERIMENT_DATA_KEYS = ['dataset', 'data', 'label', 'missing', 'drop', 'features', 'task', 'delimiter', 'model'] as const;

/** The data and model flags given, coerced like `descent train`'s (an unknown dataset or a --data without --label is exit 2). */
function dataFlags(o: Record<string, unknown>, seed: number): Record<string, unknown> {
  const given = Object.fromEntries(EXPERIMENT_DATA_KEYS.filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));
  if (Object.keys(given).length > 0) resolveTrainConfig({ ...given, seed });
  return given;
}

function seedOf(o: ExperimentOptions): number {
  return intFlag('seed', o.seed, 0, 0);
}

/**
 * `descent experiment NAME|all`: run, write the run directory (config.json, metrics.jsonl,
 * checkpoint/, results.json, report.html) and print rows or JSON. With the race flags
 * (`optimizers --function …`) or the bias–variance view's flags (`bias-variance --samples …`) it
 * runs the playground view's engine on those settings instead of the lecture protocol.
 */
export async function experimentCommand(name: string, o: ExperimentOptions): Promise<number> {
  const chosen = name === 'all' ? EXPERIMENTS : EXPERIMENTS.filter((e) => e.name === name);
  if (chosen.length === 0) throw usageError(unknownName('experiment', name, [...EXPERIMENT_NAMES, 'all']));
  if (o.batchSizes !== undefined) {
    // the playground's batch-size view with its settings: same engine, same numbers
    if (name !== 'batch-size') throw usageError(`--batch-sizes: only \`descent experiment batch-size\` takes it, not ${name}`);
    const settings = batchSizeViewSettings(o, seedOf(o));
    const { result, artifacts, summary } = batchSizeViewExperiment(settings);
    return finishResults('experiment', 'experiment-batch-size-view', { experiment: 'batch-size', seed: settings.seed, view: settings }, [result], o, summary, artifacts);
  }
  // --dataset and --model without --batch-sizes are the lecture experiments' data and model flags (below)
  const viewOnly = BATCH_SIZE_VIEW_ONLY.find((f) => o[f.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()) as keyof BatchSizeViewFlags] !== undefined);
  if (viewOnly) throw usageError(`--${viewOnly}: a batch-size view setting; give --batch-sizes too (descent experiment batch-size --batch-sizes 8,full --${viewOnly} …)`);
  const bvFlag = givenBiasVarianceFlag(o);
  if (o.function !== undefined) {
    // the playground's race with its settings (optimizers only): same engine, same numbers
    if (name !== 'optimizers') throw usageError(`--function: only \`descent experiment optimizers\` takes it, not ${name}`);
    if (bvFlag) throw usageError(`--${bvFlag}: a bias–variance setting; \`descent experiment optimizers --function\` does not take it`);
    const settings = raceSettings(o);
    const { result, artifacts } = raceExperiment(settings);
    const summary = result.results.map((r) => `${String(r['optimizer'])} ${r['diverged'] === null ? `f ${Number(r['finalLoss']).toPrecision(4)}` : `diverged at ${String(r['diverged'])}`}`).join(', ');
    return finishResults('experiment', `experiment-race-${settings.fn}`, { experiment: 'optimizers', race: settings }, [result], o, summary, artifacts);
  }
  const stray = RACE_FLAGS.find((f) => o[f] !== undefined);
  if (stray) throw usageError(`--${stray}: a race setting; give --function too (descent experiment optimizers --function rosenbrock --${stray} …)`);
  if (bvFlag) {
    // the playground's bias–variance view with its settings: same engine, same numbers
    if (name !== 'bias-variance') throw usageError(`--${bvFlag}: only \`descent experiment bias-variance\` takes it, not ${name}`);
    const settings = biasVarianceViewSettings(o, seedOf(o));
    const { result, artifacts } = await biasVarianceViewExperiment(settings, o);
    const t = result.extra!['terms'] as { bias2: number; variance: number; noise: number; total: number };
    const summary = `bias-variance at degree ${settings.degree}: bias² ${t.bias2.toPrecision(4)}, variance ${t.variance.toPrecision(4)}, noise ${t.noise.toPrecision(4)}, expected error ${t.total.toPrecision(4)}`;
    return finishResults('experiment', 'experiment-bias-variance-view', { experiment: 'bias-variance', seed: settings.seed, view: settings }, [result], o, summary, artifacts);
  }
  const seed = seedOf(o);
  const data = dataFlags(o as Record<string, unknown>, seed);
  const given = Object.keys(data).map((k) => flagName(k));
  const refusing = chosen.filter((e) => !e.takesData);
  if (given.length > 0 && name !== 'all' && refusing.length > 0) {
    throw usageError(`${given[0]}: experiment ${name} runs on its own setup; ${EXPERIMENTS.filter((e) => e.takesData).map((e) => e.name).join(', ')} take data and model flags`);
  }
  const progress = createProgress({ quiet: !!o.quiet, stream: o.json ? process.stderr : process.stdout });
  const results: ExperimentResult[] = [];
  const artifacts: CollectedArtifacts = { metrics: [], checkpoints: [] };
  for (const e of chosen) {
    const started = Date.now();
    progress.line(`experiment ${e.name}: ${e.summary}${o.quick ? ' (quick)' : ''}`);
    results.push(await e.run({ seed, quick: !!o.quick, progress, fanout: o, data: e.takesData ? data : {}, ...artifactSink(e.name, artifacts) }));
    progress.line(`experiment ${e.name}: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  const summary = results.map((r) => `${r.experiment}: ${r.results.length} rows`).join('; ');
  return finishResults('experiment', `experiment-${name}`, { experiment: name, seed, quick: !!o.quick, ...data }, results, o, summary, artifacts);
}
