import { mkdirSync } from 'node:fs';
import { EXIT } from '../errors.js';
import { join } from 'node:path';
import { writeCheckpoint, writeFileAtomic, type CheckpointContent } from '@descent/train';
import { openRunDir, runFiles, writeJsonAtomic, writeJsonl } from '../io/run-dir.js';
import { jsonOf, renderResults, type ExperimentResult } from '../report/results.js';

/** What a cv / ensemble / experiment run leaves besides its results: per-epoch metrics and its models. */
export interface RunArtifacts {
  /** metrics.jsonl: one row per epoch of every model trained, tagged with what it belongs to (candidate, fold, member …). */
  metrics?: Record<string, unknown>[];
  /** checkpoint/<name>/: the models the run ends with (e.g. cv's refit, the ensemble's members). */
  checkpoints?: { name: string; content: CheckpointContent }[];
}

/**
 * Write the run directory of cv / ensemble / experiment commands (config.json, metrics.jsonl,
 * checkpoint/, results.json, report.html) and print either the JSON object or a short summary.
 */
export function finishResults(
  kind: string,
  name: string,
  config: Record<string, unknown>,
  results: ExperimentResult[],
  o: { out?: string; json?: boolean; quiet?: boolean },
  summaryLine: string,
  artifacts: RunArtifacts = {},
): number {
  const dir = openRunDir(name, o.out, `descent ${kind}`);
  const files = runFiles(dir);
  const cfg = { kind, ...config };
  writeJsonAtomic(files.config, cfg);
  writeJsonl(files.metrics, artifacts.metrics ?? []);
  mkdirSync(files.checkpoint, { recursive: true });
  for (const c of artifacts.checkpoints ?? []) {
    const sub = join(files.checkpoint, c.name.replace(/[^a-zA-Z0-9._-]+/g, '-'));
    writeCheckpoint(sub, c.content);
  }
  writeJsonAtomic(files.results, results.length === 1 ? results[0] : { experiments: results });
  writeFileAtomic(files.report, renderResults(cfg, results));
  if (o.json) {
    const obj = results.length === 1 ? jsonOf(results[0]!) : { experiment: 'all', results: results.map(jsonOf) };
    process.stdout.write(`${JSON.stringify({ runId: dir.replace(/^.*[\\/]/, ''), ...obj })}\n`);
  } else {
    process.stdout.write(`${summaryLine}\nreport: ${files.report}\n`);
  }
  return EXIT.ok;
}

/** Mean and population std (ddof 0). */
export function meanStd(v: readonly number[]): { mean: number; std: number } {
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  return { mean, std: Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length) };
}
