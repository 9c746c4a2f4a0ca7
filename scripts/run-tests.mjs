// Runs every workspace's tests in one vitest run, then prints the real totals as one line:
// `N passed, N failed` (a test file that fails to import counts as one failed test).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync, rmSync } from 'node:fs';

const report = '.reports/vitest.json';
mkdirSync('.reports', { recursive: true });
if (existsSync(report)) rmSync(report);
const args = ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)];
const run = spawnSync('npx', args, { stdio: 'inherit', env: { ...process.env, FORCE_COLOR: process.env.CI ? '0' : process.env.FORCE_COLOR } });

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  for (const file of r.testResults ?? []) {
    const tests = file.assertionResults ?? [];
    if (tests.length === 0 && file.status === 'failed') {
      failed += 1; // the file itself failed (import error, syntax error)
      console.error(`failed to load: ${file.name}: ${(file.message ?? '').split('\n')[0]}`);
    }
    for (const t of tests) {
      if (t.status === 'passed') passed++;
      else if (t.status === 'failed') failed++;
      else skipped++;
    }
  }
} else {
  failed += 1;
  console.error('vitest wrote no report');
}
if (run.status !== 0 && failed === 0) failed += 1; // vitest failed for a reason no test shows
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
