import { EXIT } from '../errors.js';
import { writeAtomic } from '../io/atomic.js';
import { newRunDir, runFiles, writeJsonAtomic } from '../io/run-dir.js';
import { jsonOf, renderResults, type ExperimentResult } from '../report/results.js';

/**
 * Write the run directory of cv / ensemble / experiment commands (config.json, results.json,
 * report.html) and print either the JSON object or a short summary.
 */
export function finishResults(
  kind: string,
  name: string,
  config: Record<string, unknown>,
  results: ExperimentResult[],
  o: { out?: string; json?: boolean; quiet?: boolean },
  summaryLine: string,
): number {
  const dir = newRunDir(name, o.out);
  const files = runFiles(dir);
  const cfg = { kind, ...config };
  writeJsonAtomic(files.config, cfg);
  writeJsonAtomic(files.results, results.length === 1 ? results[0] : { experiments: results });
  writeAtomic(files.report, renderResults(cfg, results));
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
