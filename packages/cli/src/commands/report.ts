import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT, usageError } from '../errors.js';
import { writeFileAtomic } from '@descent/train';
import { LOCK_FILE, lockRunDir } from '../io/run-lock.js';
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

/** `descent report DIR [--out FILE]`: render DIR's report to FILE (an existing directory gets FILE/report.html; default DIR/report.html); prints its path. */
export function reportCommand(dir: string, o: { json?: boolean; quiet?: boolean; out?: string }): number {
  const out = o.out === undefined ? runFiles(dir).report : existsSync(o.out) && statSync(o.out).isDirectory() ? join(o.out, 'report.html') : o.out;
  // writing into the run directory: the lock keeps the report from writing into a run in progress (exit 2 naming it)
  if (o.out === undefined && (existsSync(runFiles(dir).config) || existsSync(join(dir, LOCK_FILE)))) lockRunDir(dir, 'descent report');
  const html = renderRunDir(dir);
  writeFileAtomic(out, html);
  if (o.json) process.stdout.write(`${JSON.stringify({ report: out, bytes: Buffer.byteLength(html) })}\n`);
  else if (!o.quiet) process.stdout.write(`report: ${out}\n`);
  return EXIT.ok;
}
