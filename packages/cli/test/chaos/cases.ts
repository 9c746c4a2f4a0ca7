// The fault-injection cases: each trial ends in a clean exit (its code, one `descent:` line, no
// stack trace) and loses nothing (a resumed run equals the uninterrupted one; damage changes no file).
import { existsSync, mkdirSync, openSync, closeSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { Rng } from '@descent/optim-wasm';
import { changedFiles, copyDir, differentRun, ended, launch, mapLimit, run, snapshot, unclean, type Ended } from './harness.js';

/** Processes a family runs at once: 1 inside npm test (beside other test files), more in npm run chaos. */
let concurrency = 1;
export function setConcurrency(n: number): void {
  concurrency = n;
}

export interface Trial {
  name: string;
  failure: string | null;
}

/** A small, quick training run (3 epochs, checkpoints after every epoch). */
export const RUN = ['train', '--dataset', 'moons', '--samples', '200', '--model', 'mlp:8', '--epochs', '3', '--batch-size', '32', '--quiet'];

const SIGNAL_CODE: Record<string, number> = { sigint: 130, sigterm: 143, sighup: 129 };

/** The uninterrupted run in `root/reference` and how many file-system steps it takes. */
export async function reference(root: string, args = RUN): Promise<{ dir: string; steps: number }> {
  const dir = join(root, `reference-${args.length}-${args.join('').length}`);
  const count = `${dir}.steps`;
  const r = await run([...args, '--out', dir], { cwd: root, env: { DESCENT_FAULT: `count:${count}` } });
  if (r.code !== 0) throw new Error(`reference run failed: ${r.stderr}`);
  return { dir, steps: Number(readFileSync(count, 'utf8')) };
}

/** After a fault: resume; the result must equal the reference, or (no checkpoint yet) be a clean exit 2. */
async function resumed(root: string, dir: string, ref: string): Promise<string | null> {
  const r = await run(['train', '--resume', dir, '--quiet'], { cwd: root });
  if (r.code === 0) return differentRun(dir, ref);
  if (existsSync(join(dir, 'checkpoint', 'checkpoint.json'))) return `resume failed although a checkpoint exists: ${unclean(r, 0)}`;
  const bad = unclean(r, 2, /no checkpoint|not a run directory/);
  return bad ? `resume without a checkpoint: ${bad}` : null;
}

/**
 * A fault at file-system step N of the run (`kill` = SIGKILL, `sigint|sigterm|sighup` = that
 * signal, `enospc|eio` = that error), for each N of `steps`; then resume and compare.
 */
export async function faultAtSteps(root: string, ref: { dir: string }, action: string, steps: number[]): Promise<Trial[]> {
  return mapLimit(steps, concurrency, async (n) => {
      const name = `${action} at step ${n}`;
      const dir = join(root, `${action}-${n}`);
      const r = await run([...RUN, '--out', dir], { cwd: root, env: { DESCENT_FAULT: `${action}@${n}` } });
      let bad: string | null;
      if (action === 'kill') bad = r.signal === 'SIGKILL' ? null : `not killed: exit ${r.code}`;
      else if (action in SIGNAL_CODE) bad = r.code === 0 ? differentRun(dir, ref.dir) : unclean(r, SIGNAL_CODE[action]!); // a signal during the last writes may let the finished run exit 0
      else bad = unclean(r, 1, action === 'enospc' ? /ENOSPC/ : /EIO/);
      return { name, failure: bad ?? (await resumed(root, dir, ref.dir)) };
    });
}

/** SIGKILL at seeded random instants of a run lasting about `ms`; then resume and compare. */
export async function randomKills(root: string, ref: { dir: string }, count: number, seed: number, ms: number): Promise<Trial[]> {
  const rng = new Rng(seed).fork('chaos');
  const delays = Array.from({ length: count }, () => Math.round(50 + rng.uniform() * ms));
  const out: Trial[] = [];
  for (const [i, delay] of delays.entries()) {
    const dir = join(root, `random-${i}`);
    const child = launch([...RUN, '--out', dir], { cwd: root });
    const timer = setTimeout(() => child.kill('SIGKILL'), delay);
    const r = await ended(child);
    clearTimeout(timer);
    const first = r.signal === 'SIGKILL' || r.code === 0 ? null : unclean(r, 0);
    out.push({ name: `SIGKILL after ${delay} ms`, failure: first ?? (r.code === 0 ? differentRun(dir, ref.dir) : await resumed(root, dir, ref.dir)) });
  }
  return out;
}

type Mutation = [string, (dir: string) => void, RegExp];

const manifestOf = (dir: string) => join(dir, 'checkpoint', 'checkpoint.json');
const editManifest = (f: (m: any) => void) => (dir: string) => {
  const m = JSON.parse(readFileSync(manifestOf(dir), 'utf8'));
  f(m);
  writeFileSync(manifestOf(dir), JSON.stringify(m));
};
const blobOf = (dir: string) => join(dir, 'checkpoint', JSON.parse(readFileSync(manifestOf(dir), 'utf8')).blob.file as string);

/** Damage done to a run directory before `--resume`. */
export const MUTATIONS: Mutation[] = [
  ['edited epoch', editManifest((m) => (m.meta.epoch += 1)), /fails its CRC-32 check/],
  ['edited batch', editManifest((m) => (m.meta.batch = 5)), /fails its CRC-32 check/],
  ['edited history value', editManifest((m) => (m.meta.history[0].trainLoss = 0.01)), /fails its CRC-32 check/],
  ['epoch as a string', editManifest((m) => (m.meta.epoch = String(m.meta.epoch))), /fails its CRC-32 check/],
  ['negative epoch', editManifest((m) => (m.meta.epoch = -3)), /fails its CRC-32 check/],
  ['history null', editManifest((m) => (m.meta.history = null)), /fails its CRC-32 check/],
  ['null manifest', (d) => writeFileSync(manifestOf(d), 'null'), /the manifest is null/],
  ['empty manifest', (d) => writeFileSync(manifestOf(d), ''), /not valid JSON/],
  ['truncated manifest', (d) => writeFileSync(manifestOf(d), readFileSync(manifestOf(d)).subarray(0, 60)), /not valid JSON/],
  ['manifest is a directory', (d) => (rmSync(manifestOf(d)), mkdirSync(manifestOf(d))), /cannot read the manifest \(EISDIR\)/],
  ['blob is a directory', (d) => { const b = blobOf(d); rmSync(b); mkdirSync(b); }, /not a regular file/],
  ['blob truncated', (d) => { const b = blobOf(d); writeFileSync(b, readFileSync(b).subarray(0, 40)); }, /40 bytes, checkpoint\.json expects/],
  ['blob byte flipped', (d) => { const b = blobOf(d); const x = readFileSync(b); x[7]! ^= 0x10; writeFileSync(b, x); }, /fails its CRC-32 check/],
  ['blob missing', (d) => rmSync(blobOf(d)), /cannot read the checkpoint's tensors \(ENOENT\)/],
  ['older CLI format', (d) => writeFileSync(manifestOf(d), JSON.stringify({ format: 'descent-cli-checkpoint/1', generation: 3, blob: 'tensors-3.bin' })), /written by an older descent/],
  ['checkpoint directory missing', (d) => rmSync(join(d, 'checkpoint'), { recursive: true }), /no checkpoint/],
  ['config.json truncated', (d) => writeFileSync(join(d, 'config.json'), '{"kind": "train", "lr'), /config\.json:1:\d+: malformed JSON/],
];

/** Each mutation on a copy of a 2-epoch run, then `--resume … --epochs 3`: exit 2, one line, no file changed. */
export async function corruptions(root: string, mutations = MUTATIONS): Promise<Trial[]> {
  const base = join(root, 'corrupt-base');
  const r = await run([...RUN.slice(0, 7), '--epochs', '2', '--batch-size', '32', '--quiet', '--out', base], { cwd: root });
  if (r.code !== 0) throw new Error(`base run failed: ${r.stderr}`);
  return mapLimit(mutations, concurrency, async ([name, mutate, message], i) => {
      const dir = join(root, `corrupt-${i}`);
      copyDir(base, dir);
      mutate(dir);
      const before = snapshot(dir);
      const e = await run(['train', '--resume', dir, '--epochs', '3', '--quiet'], { cwd: root });
      const changed = changedFiles(before, snapshot(dir));
      return { name: `damaged run directory: ${name}`, failure: unclean(e, 2, message) ?? (changed.length ? `rewrote ${changed.join(', ')}` : null) };
    });
}

/** Wait until `path` exists (the lock of a started run). */
async function appears(path: string): Promise<void> {
  while (!existsSync(path)) await new Promise((r) => setTimeout(r, 10));
}

/**
 * Two writers on one directory: the second `train` and a `report` exit 2 naming the holder while
 * the first (stopped meanwhile) finishes undisturbed; `simultaneous` pairs started together.
 */
export async function concurrentWriters(root: string, ref: { dir: string }, simultaneous: number): Promise<Trial[]> {
  const out: Trial[] = [];
  const dir = join(root, 'shared');
  const first = launch([...RUN, '--out', dir], { cwd: root });
  const firstDone = ended(first);
  await appears(join(dir, '.descent-lock'));
  first.kill('SIGSTOP'); // hold it mid-run, whatever the machine's speed
  const second = await run([...RUN, '--out', dir], { cwd: root });
  const report = await run(['report', dir, '--quiet'], { cwd: root });
  first.kill('SIGCONT');
  const a = await firstDone;
  const holder = new RegExp(`in use by pid ${first.pid} on `);
  out.push({ name: 'second train on a live run directory', failure: unclean(second, 2, holder) });
  out.push({ name: 'report of a live run directory', failure: unclean(report, 2, holder) });
  out.push({ name: 'the first writer is undisturbed', failure: unclean(a, 0) ?? differentRun(dir, ref.dir) });
  for (let i = 0; i < simultaneous; i++) {
    const d = join(root, `race-${i}`);
    const [x, y] = await Promise.all([run([...RUN, '--out', d], { cwd: root }), run([...RUN, '--out', d], { cwd: root })]);
    // they overlap (one exits 2 naming the other) or ran one after the other (both 0); the directory holds one whole run
    const codes = [x.code, y.code].sort().join(',');
    const loser = x.code === 2 ? x : y;
    const failure = codes === '0,0' ? differentRun(d, ref.dir) : codes === '0,2' ? (unclean(loser, 2, /in use by pid/) ?? differentRun(d, ref.dir)) : `exit codes ${codes}: ${x.stderr} ${y.stderr}`;
    out.push({ name: `two writers started together (${i + 1})`, failure });
  }
  return out;
}

/** Bad flags and inputs: exit 2, one line, and no run directory. */
export function badFlagCases(root: string): [string[], RegExp][] {
  const fifo = join(root, 'fifo');
  if (!existsSync(fifo)) execFileSync('mkfifo', [fifo]);
  const file = join(root, 'a-file');
  writeFileSync(file, 'x');
  const out = ['--out', join(root, 'bad-run')];
  return [
    [['train', '--lr', '0x10', ...out], /--lr: expected a number, got "0x10"/],
    [['train', '--lr', '1e', ...out], /--lr: expected a number/],
    [['train', '--epochs', ' 3', ...out], /--epochs: expected a number/],
    [['train', '--schedule', 'step:1:0.1:9', ...out], /step takes at most 2 fields after its name, got 3/],
    [['train', '--bogus', ...out], /^descent: unknown option '--bogus'/],
    [['train', '--samples', '1e9', '--dataset', 'moons', ...out], /--samples 1000000000: the dataset needs about 89\.4 GiB/],
    [['train', '--data', '/dev/zero', '--label', 'y', ...out], /\/dev\/zero: not a regular file/],
    [['train', '--data', fifo, '--label', 'y', ...out], /fifo: not a regular file/],
    [['train', '--config', '/dev/zero', ...out], /\/dev\/zero: not a regular file/],
    [['train', '--out', '/proc/x'], /\/proc is a special file system/],
    [['train', '--out', ''], /--out: empty path/],
    [['train', '--out', file], /a-file exists and is not a directory/],
    [['train', '--batch-norm', '--batch-size', '4', ...out], /--batch-norm: the last batch of each epoch would have 1 row/],
    [['cv', '--search', 'lr=1,2,3,4,5,6,7,8,9,10;epochs=1,2,3,4,5,6,7,8,9,10;batch-size=1,2,3,4,5,6,7,8,9,10;momentum=0,1,2,3,4,5,6,7,8,9', ...out], /--search: 10 × 10 × 10 × 10 candidates × \(5 folds \+ 1 refit\) = 60000 trainings/],
    [['ensemble', 'bag', '--members', '1e9', ...out], /--members: 1000000000 members/],
    [['ensemble', 'boost', '--rounds', '0x10', ...out], /--rounds: must be an integer >= 1, got 0x10/],
    [['cv', '--folds', '0b11', ...out], /--folds: must be an integer >= 2/],
  ];
}

export async function badFlags(root: string): Promise<Trial[]> {
  const cases = badFlagCases(root);
  const results = await mapLimit(cases, concurrency, ([args]) => run(args, { cwd: root }));
  return cases.map(([args, message], i) => ({
    name: `bad input: ${args.join(' ').slice(0, 80)}`,
    failure: unclean(results[i]!, 2, message) ?? (existsSync(join(root, 'bad-run', 'config.json')) ? 'wrote a run directory' : null),
  }));
}

/** A closed pipe, a full disk on stdout, signals while the program loads. */
export async function outputsAndSignals(root: string): Promise<Trial[]> {
  const out: Trial[] = [];
  // `descent train … | head -1`: the reader goes away after the first line; the run finishes quietly
  const piped = join(root, 'piped');
  const child = launch([...RUN.filter((a) => a !== '--quiet'), '--epochs', '30', '--out', piped], { cwd: root });
  child.stdout!.once('data', () => child.stdout!.destroy());
  const p = await ended(child);
  const status = existsSync(join(piped, 'summary.json')) ? (JSON.parse(readFileSync(join(piped, 'summary.json'), 'utf8')) as { status: string }).status : 'missing';
  out.push({ name: 'stdout closed by the reader (EPIPE)', failure: unclean(p, 0) ?? (p.stderr ? `printed ${p.stderr.slice(0, 200)}` : status === 'completed' ? null : `summary status ${status}`) });
  // `--json > /dev/full`
  const full = openSync('/dev/full', 'w');
  const f = await ended(launch([...RUN, '--json', '--out', join(root, 'full')], { cwd: root, stdio: ['ignore', full, 'pipe'] }));
  closeSync(full);
  out.push({ name: 'stdout on a full device (ENOSPC)', failure: unclean(f, 1, /cannot write to standard output \(ENOSPC/) });
  for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
    const e: Ended = await run([...RUN, '--out', join(root, `early-${sig}`)], { cwd: root, env: { DESCENT_FAULT: `startup:${sig}` } });
    out.push({ name: `${sig} while loading`, failure: unclean(e, code) ?? (existsSync(join(root, `early-${sig}`)) ? 'created the run directory' : null) });
  }
  return out;
}
