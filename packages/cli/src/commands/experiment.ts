import { usageError } from '../errors.js';
import { EXPERIMENT_NAMES, EXPERIMENTS } from '../experiments/index.js';
import { RACE_FLAGS, raceExperiment, raceSettings, type RaceFlags } from '../experiments/race.js';
import { createProgress } from '../progress.js';
import type { ExperimentResult } from '../report/results.js';
import { finishResults } from './output.js';
import type { CommonFlags } from './train.js';
import { unknownName } from '@descent/train';

export interface ExperimentOptions extends CommonFlags, RaceFlags {
  quick?: boolean;
  seed?: string;
}

/** `descent experiment NAME|all`: run, write the run directory and report, print rows or JSON. */
export async function experimentCommand(name: string, o: ExperimentOptions): Promise<number> {
  const chosen = name === 'all' ? EXPERIMENTS : EXPERIMENTS.filter((e) => e.name === name);
  if (chosen.length === 0) throw usageError(unknownName('experiment', name, [...EXPERIMENT_NAMES, 'all']));
  if (o.function !== undefined) {
    // the playground's race with its settings (optimizers only): same engine, same numbers
    if (name !== 'optimizers') throw usageError(`--function: only \`descent experiment optimizers\` takes it, not ${name}`);
    const settings = raceSettings(o);
    const result = raceExperiment(settings);
    const summary = result.results.map((r) => `${String(r['optimizer'])} ${r['diverged'] === null ? `f ${Number(r['finalLoss']).toPrecision(4)}` : `diverged at ${String(r['diverged'])}`}`).join(', ');
    return finishResults('experiment', `experiment-race-${settings.fn}`, { experiment: 'optimizers', race: settings }, [result], o, summary);
  }
  const stray = RACE_FLAGS.find((f) => o[f] !== undefined);
  if (stray) throw usageError(`--${stray}: a race setting; give --function too (descent experiment optimizers --function rosenbrock --${stray} …)`);
  const seed = Number(o.seed ?? 0);
  if (!Number.isInteger(seed) || seed < 0) throw usageError(`--seed: must be a non-negative integer, got ${o.seed}`);
  const progress = createProgress({ quiet: !!o.quiet, stream: o.json ? process.stderr : process.stdout });
  const results: ExperimentResult[] = [];
  for (const e of chosen) {
    const started = Date.now();
    progress.line(`experiment ${e.name}: ${e.summary}${o.quick ? ' (quick)' : ''}`);
    results.push(await e.run({ seed, quick: !!o.quick, progress }));
    progress.line(`experiment ${e.name}: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  const summary = results.map((r) => `${r.experiment}: ${r.results.length} rows`).join('; ');
  return finishResults('experiment', `experiment-${name}`, { experiment: name, seed, quick: !!o.quick }, results, o, summary);
}
