import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { freePort, redisMissing, startRedis } from '../../fanout/test/redis-server.js';
import { buildCli, descent, readJson, start, tmp } from './helpers.js';
import { redisSuite, startWorker } from './queue-worker.js';

const SWEEP = ['sweep', '--dataset', 'moons', '--samples', '120', '--model', 'mlp:8', '--epochs', '3', '--search', 'lr=0.1,0.01;batch-size=16,full', '--seeds', '2'];
const CV = ['cv', '--dataset', 'iris', '--model', 'mlp:8', '--epochs', '3', '--folds', '3', '--search', 'lr=0.01,0.001'];
const files = (dir: string) => ['results.json', 'metrics.jsonl'].map((f) => readFileSync(join(dir, f), 'utf8'));
// the printed table and summary (the report path names the run directory)
const table = (stdout: string) => stdout.replace(/^report: .*$/m, '');

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });
beforeAll(() => buildCli());

describe('descent sweep on threads', () => {
  it('one row per setting, sorted by validation score; a sweep run equals `descent train` with the same flags', async () => {
    const dir = tmp();
    const r = await descent([...SWEEP, '--workers', '2', '--json', '--out', 's'], dir);
    expect(r.code, r.stderr).toBe(0);
    const o = JSON.parse(r.stdout) as { results: Record<string, number | string>[]; seeds: number };
    expect(o.seeds).toBe(2);
    expect(o.results.map((x) => x['setting']).sort()).toEqual(['lr=0.01 batchSize=16', 'lr=0.01 batchSize=full', 'lr=0.1 batchSize=16', 'lr=0.1 batchSize=full']);
    const vals = o.results.map((x) => x['val_accuracy'] as number);
    expect([...vals].sort((a, b) => b - a)).toEqual(vals);
    // seed 1 of lr=0.1, batch 16 is `descent train --lr 0.1 --batch-size 16 --seed 1`
    const t = await descent(['train', '--dataset', 'moons', '--samples', '120', '--model', 'mlp:8', '--epochs', '3', '--lr', '0.1', '--batch-size', '16', '--seed', '1', '--json', '--quiet', '--out', 't'], dir);
    const final = (JSON.parse(t.stdout) as { final: { val: { accuracy: number; loss: number } } }).final;
    const rows = readFileSync(join(dir, 's', 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const last = rows.filter((m) => m['setting'] === 'lr=0.1 batchSize=16' && m['seed'] === 1).at(-1)!;
    expect(last['valLoss']).toBe(final.val.loss);
    expect(last['valAccuracy']).toBe(final.val.accuracy);
  });

  it('bad --workers and --seeds are usage errors (exit 2)', async () => {
    const dir = tmp();
    for (const [flag, value] of [['--workers', '0'], ['--seeds', '1.5']]) {
      const r = await descent([...SWEEP, flag!, value!, '--quiet'], dir);
      expect(r.code).toBe(2);
      expect(r.stderr.trim()).toBe(`descent: ${flag}: must be an integer >= 1, got ${value}`);
    }
  });
});

const missing = redisMissing();
describe.skipIf(missing !== null)(`descent sweep --queue and descent worker${missing ? ` (skipped: ${missing})` : ''}`, () => {
  const suite = redisSuite();
  const workers = suite.workers;

  it('results.json, metrics.jsonl and the printed table are byte-identical: serial, threads 2 and 4, queue with 1 and 2 workers', async () => {
    const dir = tmp();
    const runs: Record<string, { files: string[]; table: string }> = {};
    const run = async (name: string, extra: string[]) => {
      const r = await descent([...SWEEP, ...extra, '--out', name], dir);
      expect(r.code, r.stderr).toBe(0);
      runs[name] = { files: files(join(dir, name)), table: table(r.stdout) };
    };
    await run('serial', ['--workers', '1']);
    await run('threads-2', ['--workers', '2']);
    await run('threads-4', ['--workers', '4']);
    workers.push(startWorker(suite.url(), tmp()));
    await workers[0]!.ready;
    await run('queue-1', ['--queue', suite.url()]);
    workers.push(startWorker(suite.url(), tmp()));
    await workers[1]!.ready;
    await run('queue-2', ['--queue', suite.url()]);
    for (const name of ['threads-2', 'threads-4', 'queue-1', 'queue-2']) expect(runs[name], name).toEqual(runs['serial']);
    // descent cv: each candidate × fold model is a job (the refit runs in the submitter)
    const cv = async (name: string, extra: string[]) => {
      const r = await descent([...CV, ...extra, '--out', name], dir);
      expect(r.code, r.stderr).toBe(0);
      return { files: files(join(dir, name)), table: table(r.stdout) };
    };
    const cvSerial = await cv('cv-serial', ['--workers', '1']);
    expect(await cv('cv-threads-2', ['--workers', '2'])).toEqual(cvSerial);
    expect(await cv('cv-queue-2', ['--queue', suite.url()])).toEqual(cvSerial);
    expect(runs['serial']!.table).toMatch(/^rank +setting +val accuracy +test accuracy +diverged$/m);
    expect(workers.every((w) => / done$/m.test(w.output()))).toBe(true);
  });

  it('a user CSV travels with the run: workers in another directory train on its bytes', async () => {
    const dir = tmp();
    const rows = ['a,b,label'];
    for (let i = 0; i < 80; i++) rows.push(`${(i % 9) / 3 - 1},${((i * 7) % 11) / 4 - 1},${(i % 9) / 3 - 1 + ((i * 7) % 11) / 4 - 1 > 0 ? 'yes' : 'no'}`);
    writeFileSync(join(dir, 'mine.csv'), `${rows.join('\n')}\n`);
    const flags = ['sweep', '--data', 'mine.csv', '--label', 'label', '--model', 'mlp:4', '--epochs', '2', '--search', 'lr=0.1,0.01', '--quiet'];
    if (workers.length === 0) workers.push(startWorker(suite.url(), tmp())); // when run alone
    await workers[0]!.ready;
    const local = await descent([...flags, '--workers', '1', '--out', 'local'], dir);
    const queued = await descent([...flags, '--queue', suite.url(), '--out', 'queued'], dir);
    expect(queued.code, queued.stderr).toBe(0);
    expect(files(join(dir, 'queued'))).toEqual(files(join(dir, 'local')));
    expect(readJson(join(dir, 'queued', 'results.json'))['title']).toContain('mine.csv');
  });

  it('Ctrl-C on the submitter cancels its queued jobs and exits 130', async () => {
    const own = await startRedis(); // no worker serves this one: the jobs wait
    try {
      const child = start([...SWEEP, '--queue', own.url], tmp());
      let out = '';
      child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
      let err = '';
      child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
      const q = new Queue('descent', { connection: { host: '127.0.0.1', port: own.port } });
      while ((await q.getWaitingCount()) < 8) await new Promise((r) => setTimeout(r, 50));
      const code = new Promise<number | null>((r) => child.once('exit', r));
      child.kill('SIGINT');
      expect(await code).toBe(130);
      expect(err.trim()).toBe('descent: interrupted: run cancelled after 0 of 8 jobs');
      expect(await q.getWaitingCount()).toBe(0);
      await q.close();
    } finally {
      await own.stop();
    }
  });

  it('Redis unreachable: exit 2 with one line naming the URL, for the submitter and for a worker', async () => {
    const url = `redis://127.0.0.1:${await freePort()}/0`;
    const dir = tmp();
    for (const args of [[...SWEEP, '--queue', url], ['worker', '--queue', url]]) {
      const r = await descent(args, dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^descent: cannot reach Redis at ${url.replace(/\./g, '\\.')}: connect ECONNREFUSED 127\\.0\\.0\\.1:\\d+\\n$`));
    }
    const bad = await descent([...SWEEP, '--queue', 'http://x'], dir);
    expect(bad.stderr).toBe('descent: queue URL http://x/: the scheme must be redis:// or rediss:// (TLS)\n');
  });
});
