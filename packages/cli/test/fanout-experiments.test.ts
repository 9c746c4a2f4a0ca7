import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { redisMissing } from '../../fanout/test/redis-server.js';
import { buildCli, CLI_ROOT, descent, tmp } from './helpers.js';
import { redisSuite, startWorker } from './queue-worker.js';

// What a run leaves: results.json, metrics.jsonl and every checkpoint file, byte for byte
// (report.html names its own directory), and the printed lines but the run's path and its timings.
function runFiles(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name !== 'report.html') out[relative(dir, p)] = readFileSync(p).toString('base64');
    }
  };
  walk(dir);
  return out;
}
const printed = (stdout: string) => stdout.replace(/^report: .*$/m, '').replace(/done in [\d.]+ s$/gm, 'done');

async function runIn(dir: string, args: string[], out: string) {
  const r = await descent([...args, '--out', out], dir);
  expect(r.code, r.stderr).toBe(0);
  return { files: runFiles(join(dir, out)), printed: printed(r.stdout) };
}

// enough arithmetic in the folds for relaxed SIMD's fused multiply-adds to show in the results
const FAST_CV = ['cv', '--dataset', 'digits', '--model', 'mlp:32', '--epochs', '3', '--folds', '3', '--search', 'lr=0.01,0.001', '--quiet'];

/** Whether this CPU fuses relaxed SIMD's multiply-add (x86 with FMA, every arm64). */
function relaxedFuses(): boolean {
  if (process.arch === 'arm64') return true;
  try {
    return /\bfma\b/.test(readFileSync('/proc/cpuinfo', 'utf8'));
  } catch {
    return false;
  }
}

const PENGUINS = join(CLI_ROOT, '..', 'train', 'datasets', 'penguins.csv');

// each command's independent trainings are jobs: --workers 1 runs them in turn in the process
const COMMANDS: Record<string, string[]> = {
  'ensemble bag (net)': ['ensemble', 'bag', '--dataset', 'moons', '--samples', '160', '--model', 'mlp:8', '--epochs', '4', '--members', '4'],
  'ensemble bag (stump, average)': ['ensemble', 'bag', '--dataset', 'iris', '--learner', 'stump', '--members', '5', '--combine', 'average'],
  'experiment bagging': ['experiment', 'bagging', '--quick'],
  'experiment batch-size (user data)': ['experiment', 'batch-size', '--quick', '--dataset', 'iris', '--model', 'mlp:8'],
  'experiment bias-variance': ['experiment', 'bias-variance', '--quick'],
  'experiment bias-variance view': ['experiment', 'bias-variance', '--samples', '30', '--fits', '4', '--members', '3', '--width', '4', '--max-degree', '4'],
  'experiment regularizers (user data)': ['experiment', 'regularizers', '--quick', '--dataset', 'iris', '--model', 'mlp:8'],
  'experiment cross-validation': ['experiment', 'cross-validation', '--quick'],
};

vi.setConfig({ testTimeout: 300_000, hookTimeout: 120_000 });
beforeAll(() => buildCli());

describe('ensemble bag and the experiments fan out: the same bytes on 1 and 2 worker threads', () => {
  for (const [what, args] of Object.entries(COMMANDS)) {
    it(what, async () => {
      const dir = tmp();
      const serial = await runIn(dir, [...args, '--workers', '1'], 'serial');
      expect(Object.keys(serial.files)).toContain('results.json');
      expect(await runIn(dir, [...args, '--workers', '2'], 'threads-2')).toEqual(serial);
    });
  }

  it('a user CSV is read by every job as the run reads it: descent cv on penguins --missing drop-rows, serial = 2 threads', async () => {
    const dir = tmp();
    copyFileSync(PENGUINS, join(dir, 'penguins.csv'));
    const args = ['cv', '--data', 'penguins.csv', '--label', 'species', '--missing', 'drop-rows', '--model', 'mlp:8', '--epochs', '3', '--folds', '3', '--search', 'lr=0.01,0.001'];
    const serial = await runIn(dir, [...args, '--workers', '1'], 'serial');
    expect(serial.printed).toMatch(/best: lr=0\.0\d+/);
    expect(await runIn(dir, [...args, '--workers', '2'], 'threads-2')).toEqual(serial);
    const bag = ['ensemble', 'bag', '--data', 'penguins.csv', '--label', 'species', '--missing', 'drop-rows', '--drop', 'island', '--model', 'mlp:4', '--epochs', '2', '--members', '3'];
    expect(await runIn(dir, [...bag, '--workers', '2'], 'bag-2')).toEqual(await runIn(dir, [...bag, '--workers', '1'], 'bag-1'));
  });

  it('--fast and --threads reach the job threads: a fast run gives the same bytes serial and on 2 workers (and differs from the default build)', async () => {
    const dir = tmp();
    const fast = [...FAST_CV, '--fast'];
    const serial = await runIn(dir, [...fast, '--workers', '1'], 'fast-serial');
    expect(await runIn(dir, [...fast, '--workers', '2'], 'fast-threads-2')).toEqual(serial);
    expect(await runIn(dir, [...fast, '--workers', '2', '--threads', '2'], 'fast-threads-2x2')).toEqual(serial);
    const plain = await runIn(dir, [...FAST_CV, '--workers', '2'], 'plain');
    // relaxed SIMD fuses multiply-adds where the CPU has FMA: then some bit differs
    if (relaxedFuses()) expect(plain.files['results.json']).not.toBe(serial.files['results.json']);
  });

  it('boosting stays sequential: ensemble boost refuses --workers and --queue (exit 2), its help says why', async () => {
    const dir = tmp();
    const r = await descent(['ensemble', 'boost', '--dataset', 'iris', '--learner', 'stump', '--workers', '2'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('descent: --workers: boosting rounds run one after another (each trains on what the rounds before it left), so `ensemble boost` does not fan out; `ensemble bag` does\n');
    const help = await descent(['ensemble', '--help'], dir);
    expect(help.stdout).toContain('--workers <n>');
    expect(help.stdout).toContain('--queue <url>');
    expect(help.stdout).toMatch(/Boosting rounds run one after another/);
    expect((await descent(['experiment', '--help'], dir)).stdout).toContain('--queue <url>');
  });
});

const missing = redisMissing();
describe.skipIf(missing !== null)(`ensemble bag and an experiment on a Redis queue${missing ? ` (skipped: ${missing})` : ''}`, () => {
  const suite = redisSuite();
  const workers = suite.workers;

  it('two `descent worker` processes give the serial bytes', async () => {
    for (let i = 0; i < 2; i++) workers.push(startWorker(suite.url(), tmp()));
    await Promise.all(workers.map((w) => w.ready));
    const dir = tmp();
    for (const what of ['ensemble bag (net)', 'experiment cross-validation', 'experiment bias-variance view']) {
      const args = COMMANDS[what]!;
      expect(await runIn(dir, [...args, '--queue', suite.url()], `${what}-queue`), what).toEqual(await runIn(dir, [...args, '--workers', '1'], `${what}-serial`));
    }
    // the run's core build travels with its jobs: workers started without --fast compute fast
    const fast = [...FAST_CV, '--fast'];
    expect(await runIn(dir, [...fast, '--queue', suite.url()], 'fast-queue')).toEqual(await runIn(dir, [...fast, '--workers', '1'], 'fast-serial'));
  });
});
