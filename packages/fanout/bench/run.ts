// `npm run bench -w @descent/fanout -- [--suite fanout] [--reps N] [--jobs N] [--json] [--list]`
// Suite `fanout`: `descent cv` on digits (5 folds × 4 candidates) as separate processes —
// serial, threads-2, and a Redis queue served by 2 `descent worker` processes — interleaved per
// repetition, wall seconds and speed-up over serial (medians); then the queue's overhead per job:
// the round trip of one empty job (`descent/ping`) on a connected runner, median over --jobs.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { pingJob, runJobs } from '@descent/train';
import { queueRunner } from '../src/index.js';
import { redisMissing, startRedis } from '../test/redis-server.js';

const { values } = parseArgs({
  options: {
    reps: { type: 'string' },
    jobs: { type: 'string' },
    case: { type: 'string' },
    json: { type: 'boolean', default: false },
    markdown: { type: 'boolean', default: false },
    list: { type: 'boolean', default: false },
    suite: { type: 'string', multiple: true },
  },
});
if (values.list) {
  console.log('fanout     descent cv on digits (5 folds × 4 candidates): serial vs threads-2 vs queue with 2 workers; queue overhead per empty job');
  process.exit(0);
}
const unknown = (values.suite ?? []).flatMap((s) => s.split(',')).filter((s) => s !== 'fanout');
if (unknown.length) {
  console.error(`bench: unknown suite ${unknown.join(', ')}; known: fanout`);
  process.exit(2);
}
const missing = redisMissing();
if (missing) {
  console.error(`bench fanout: ${missing}`);
  process.exit(2);
}
const reps = Number(values.reps ?? 3);
const pings = Number(values.jobs ?? 200);
const quiet = values.json || values.markdown;
const say = (s: string) => (quiet ? console.error(s) : console.log(s));
const MAIN = fileURLToPath(new URL('../../cli/dist/main.js', import.meta.url));
const CV = ['cv', '--dataset', 'digits', '--model', 'mlp:64', '--epochs', '10', '--folds', '5', '--search', 'lr=0.01,0.001;l2=0,0.001', '--quiet'];
const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1]!;
const machine = `${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} threads visible), Node ${process.version}, load average ${loadavg()[0]!.toFixed(1)} at start`;
say(`descent bench (fanout) — ${new Date().toISOString()} — ${machine}`);

interface Row {
  suite: string;
  case: string;
  contender: string;
  median_ms: number;
  min_ms: number;
  max_ms: number;
  unit: string;
  value: number;
}
const rows: Row[] = [];
const redis = await startRedis();
const workers: ChildProcess[] = [];
const dir = mkdtempSync(join(tmpdir(), 'descent-bench-fanout-'));
try {
  if (!values.case || 'cv digits'.includes(values.case)) {
    for (let i = 0; i < 2; i++) {
      const w = spawn(process.execPath, [MAIN, 'worker', '--queue', redis.url, '--quiet'], { stdio: 'ignore' });
      workers.push(w);
    }
    await new Promise((r) => setTimeout(r, 1500)); // the workers connect
    const contenders: [string, string[]][] = [
      ['serial', ['--workers', '1']],
      ['threads-2', ['--workers', '2']],
      ['queue-2-workers', ['--queue', redis.url]],
    ];
    const times = new Map<string, number[]>(contenders.map(([n]) => [n, []]));
    for (let rep = 0; rep < reps; rep++) {
      for (const [name, flags] of contenders) {
        const t0 = performance.now();
        const r = spawnSync(process.execPath, [MAIN, ...CV, ...flags, '--out', join(dir, `${name}-${rep}`)], { encoding: 'utf8' });
        const ms = performance.now() - t0;
        if (r.status !== 0) throw new Error(`descent cv (${name}) failed: ${r.stderr}`);
        times.get(name)!.push(ms);
        console.error(`cv digits 5×4 / ${name} rep ${rep + 1}: ${(ms / 1000).toFixed(2)} s`);
      }
    }
    const serial = median(times.get('serial')!);
    for (const [name] of contenders) {
      const t = times.get(name)!;
      rows.push({ suite: 'fanout', case: 'descent cv digits 5 folds × 4 candidates (wall)', contender: name, median_ms: median(t), min_ms: Math.min(...t), max_ms: Math.max(...t), unit: 'speed-up', value: serial / median(t) });
    }
  }
  if (!values.case || 'queue overhead ping'.includes(values.case)) {
    if (workers.length === 0) {
      workers.push(spawn(process.execPath, [MAIN, 'worker', '--queue', redis.url, '--quiet'], { stdio: 'ignore' }));
      await new Promise((r) => setTimeout(r, 1500));
    }
    const runner = queueRunner({ url: redis.url });
    const job = pingJob();
    const round: number[] = [];
    for (let i = 0; i < pings + 10; i++) {
      const t0 = performance.now();
      await runJobs([job.spec(null, i)], runner);
      if (i >= 10) round.push(performance.now() - t0); // the first runs warm the connections and threads
    }
    const batch = Array.from({ length: pings }, (_, i) => job.spec(null, i));
    const t0 = performance.now();
    await runJobs(batch, runner);
    const perJob = (performance.now() - t0) / pings;
    await runner.close();
    const m = median(round);
    rows.push({ suite: 'fanout', case: `queue round trip of one empty job (median of ${pings})`, contender: 'queue', median_ms: m, min_ms: Math.min(...round), max_ms: Math.max(...round), unit: 'ms/job', value: m });
    rows.push({ suite: 'fanout', case: `queue: ${pings} empty jobs in one run, wall per job`, contender: 'queue', median_ms: perJob, min_ms: perJob, max_ms: perJob, unit: 'ms/job', value: perJob });
  }
} finally {
  for (const w of workers) w.kill('SIGKILL');
  await redis.stop();
  rmSync(dir, { recursive: true, force: true });
}

if (values.json) console.log(JSON.stringify(rows, null, 2));
else {
  for (const r of rows) say(`${r.case.padEnd(58)} ${r.contender.padEnd(16)} ${(r.median_ms / (r.unit === 'ms/job' ? 1 : 1000)).toFixed(r.unit === 'ms/job' ? 2 : 2).padStart(8)} ${r.unit === 'ms/job' ? 'ms' : 's '}  ${r.unit === 'speed-up' ? `${r.value.toFixed(2)}×` : ''}`);
  const q = rows.find((r) => r.contender === 'queue-2-workers');
  const t = rows.find((r) => r.contender === 'threads-2');
  const o = rows.find((r) => r.unit === 'ms/job');
  if (t) say(`goal threads-2 ≥ 1.6×: ${t.value.toFixed(2)}× ${t.value >= 1.6 ? 'met' : 'NOT met'}`);
  if (q) say(`goal queue with 2 workers ≥ 1.6×: ${q.value.toFixed(2)}× ${q.value >= 1.6 ? 'met' : 'NOT met'}`);
  if (o) say(`goal queue overhead ≤ 5 ms/job: ${o.value.toFixed(2)} ms ${o.value <= 5 ? 'met' : 'NOT met'}`);
  say(`machine load average now ${loadavg()[0]!.toFixed(1)} (2 cores shared with other work: read the speed-ups with that in mind)`);
}
