import { existsSync } from 'node:fs';
import { EXIT, usageError } from '../errors.js';
import { writeFileAtomic } from '@descent/train';
import { lockRunDir } from '../io/run-lock.js';
import { readJsonFile } from '../io/json-file.js';
import { readJsonl, runFiles } from '../io/run-dir.js';
import { renderResults, type ExperimentResult } from '../report/results.js';
import { renderTrainReport, type TrainSummary } from '../report/train-report.js';
import { type EpochMetrics } from '@descent/train';

/** Render a run directory's report.html again from its files (config, metrics, summary / results). */
export function renderRunDir(dir: string): string {
  const files = runFiles(dir);
  if (!existsSync(files.config)) throw usageError(`${dir}: not a run directory (no config.json)`);
  const config = readJsonFile(files.config) as Record<string, unknown>;
  if (config['kind'] === 'train') {
    const history = readJsonl(files.metrics) as EpochMetrics[];
    const summary = existsSync(files.summary) ? (readJsonFile(files.summary) as TrainSummary) : null;
    return renderTrainReport(config, history, summary);
  }
  if (!existsSync(files.results)) throw usageError(`${dir}: no results.json to render`);
  const results = readJsonFile(files.results) as { experiments?: ExperimentResult[] } & ExperimentResult;
  return renderResults(config, results.experiments ?? [results]);
}

/** `descent report DIR`: rewrite DIR/report.html; prints its path. */
export function reportCommand(dir: string, o: { json?: boolean; quiet?: boolean }): number {
  // the lock keeps the report from writing into a run in progress (exit 2 naming it)
  if (existsSync(runFiles(dir).config)) lockRunDir(dir, 'descent report');
  const html = renderRunDir(dir);
  const out = runFiles(dir).report;
  writeFileAtomic(out, html);
  if (o.json) process.stdout.write(`${JSON.stringify({ report: out, bytes: Buffer.byteLength(html) })}\n`);
  else if (!o.quiet) process.stdout.write(`report: ${out}\n`);
  return EXIT.ok;
}
