// `npm run bench -w @descent/fanout -- [--suite fanout] [--reps N] [--jobs N] [--json] [--list]`
// Suite `fanout`: `descent cv` on digits (5 folds × 4 candidates, 10 and 30 epochs) as separate
// processes — serial, threads-2, and a Redis queue served by 2 `descent worker` processes —
// interleaved per repetition, wall seconds and speed-up over serial and CPU seconds (user + sys)
// (medians; each contender's results.json and metrics.jsonl must equal serial's bytes); then the
// queue's overhead per job:
// the round trip of one empty job (`descent/ping`) on a connected runner, median over --jobs.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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
  console.log('fanout     descent cv on digits (5 folds × 4 candidates, 10 and 30 epochs): serial vs threads-2 vs queue with 2 workers, wall and CPU; queue overhead per empty job');
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
const CV = ['cv', '--dataset', 'digits', '--model', 'mlp:64', '--folds', '5', '--search', 'lr=0.01,0.001;l2=0,0.001', '--quiet'];
// the 10 epochs, and the lecture's 30 (more training per job against the same fixed costs)
const EPOCHS = [10, 30];
const REPORT_CPU = new URL('./report-cpu.mjs', import.meta.url).href;
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
    for (const epochs of EPOCHS) {
      const times = new Map<string, number[]>(contenders.map(([n]) => [n, []]));
      const cpu = new Map<string, number[]>(contenders.map(([n]) => [n, []]));
      for (let rep = 0; rep < reps; rep++) {
        for (const [name, flags] of contenders) {
          const cpuFile = join(dir, `${name}-${epochs}-${rep}.cpu.json`);
          const t0 = performance.now();
          const r = spawnSync(process.execPath, ['--import', REPORT_CPU, MAIN, ...CV, '--epochs', String(epochs), ...flags, '--out', join(dir, `${name}-${epochs}-${rep}`)], {
            encoding: 'utf8',
            env: { ...process.env, DESCENT_BENCH_CPU_FILE: cpuFile },
          });
          const ms = performance.now() - t0;
          if (r.status !== 0) throw new Error(`descent cv (${name}) failed: ${r.stderr}`);
          const used = JSON.parse(readFileSync(cpuFile, 'utf8')) as { user: number; system: number };
          const cpuMs = (used.user + used.system) / 1000;
          times.get(name)!.push(ms);
          cpu.get(name)!.push(cpuMs);
          for (const f of ['results.json', 'metrics.jsonl']) {
            const serialBytes = readFileSync(join(dir, `serial-${epochs}-${rep}`, f));
            if (!serialBytes.equals(readFileSync(join(dir, `${name}-${epochs}-${rep}`, f)))) throw new Error(`descent cv (${name}, ${epochs} epochs): ${f} differs from the serial run's`);
          }
          console.error(`cv digits 5×4, ${epochs} epochs / ${name} rep ${rep + 1}: ${(ms / 1000).toFixed(2)} s wall, ${(cpuMs / 1000).toFixed(2)} s CPU (load ${loadavg()[0]!.toFixed(1)})`);
        }
      }
      const serial = median(times.get('serial')!);
      const serialCpu = median(cpu.get('serial')!);
      for (const [name] of contenders) {
        const t = times.get(name)!;
        const c = cpu.get(name)!;
        rows.push({ suite: 'fanout', case: `descent cv digits 5 folds × 4 candidates, ${epochs} epochs (wall)`, contender: name, median_ms: median(t), min_ms: Math.min(...t), max_ms: Math.max(...t), unit: 'speed-up', value: serial / median(t) });
        // the submitting process only: a queue's workers compute in processes of their own
        const what = name.startsWith('queue') ? 'CPU of the submitting process' : 'CPU, user + sys';
        rows.push({ suite: 'fanout', case: `descent cv digits 5 folds × 4 candidates, ${epochs} epochs (${what})`, contender: name, median_ms: median(c), min_ms: Math.min(...c), max_ms: Math.max(...c), unit: 'cpu ratio', value: median(c) / serialCpu });
      }
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
  const shown = (r: Row) => (r.unit === 'speed-up' ? `${r.value.toFixed(2)}×` : r.unit === 'cpu ratio' ? `${r.value.toFixed(2)}× serial's CPU` : '');
  for (const r of rows) say(`${r.case.padEnd(78)} ${r.contender.padEnd(16)} ${(r.median_ms / (r.unit === 'ms/job' ? 1 : 1000)).toFixed(2).padStart(8)} ${r.unit === 'ms/job' ? 'ms' : 's '}  ${shown(r)}`);
  for (const epochs of EPOCHS) {
    const wall = rows.filter((r) => r.unit === 'speed-up' && r.case.includes(`${epochs} epochs`));
    const t = wall.find((r) => r.contender === 'threads-2');
    const q = wall.find((r) => r.contender === 'queue-2-workers');
    if (t) say(`goal threads-2 ≥ 1.6× (${epochs} epochs): ${t.value.toFixed(2)}× ${t.value >= 1.6 ? 'met' : 'NOT met'}`);
    if (q) say(`goal queue with 2 workers ≥ 1.6× (${epochs} epochs): ${q.value.toFixed(2)}× ${q.value >= 1.6 ? 'met' : 'NOT met'}`);
  }
  const o = rows.find((r) => r.unit === 'ms/job');
  if (o) say(`goal queue overhead ≤ 5 ms/job: ${o.value.toFixed(2)} ms ${o.value <= 5 ? 'met' : 'NOT met'}`);
  say(`machine load average now ${loadavg()[0]!.toFixed(1)} (2 cores shared with other work: read the speed-ups with that in mind)`);
}
