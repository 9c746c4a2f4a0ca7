// `npm run bench -- [--suite S]... [--case TEXT] [--reps N] [--json | --markdown]`
// Runs every workspace's benchmark suites (optim-wasm: matmul, kernels, startup, optim; autodiff:
// mlp; fanout: fanout) one package after another, so suites never compete for the two cores. With --json the rows
// of all packages are printed as one JSON array.
import { spawnSync } from 'node:child_process';

const benchPackages = ['@descent/optim-wasm', '@descent/autodiff', '@descent/fanout'];
const args = process.argv.slice(2);
const json = args.includes('--json');
const wanted = [];
const rest = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--suite') wanted.push(...(args[++i] ?? '').split(','));
  else if (args[i].startsWith('--suite=')) wanted.push(...args[i].slice(8).split(','));
  else rest.push(args[i]);
}

function run(pkg, extra, capture) {
  return spawnSync('npm', ['run', 'bench', '--silent', '-w', pkg, '--', ...extra], {
    stdio: capture ? ['ignore', 'pipe', 'inherit'] : 'inherit',
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
}

const plan = [];
const known = new Set();
for (const pkg of benchPackages) {
  const listed = run(pkg, ['--list'], true);
  if (listed.status !== 0) process.exit(listed.status ?? 1);
  const suites = listed.stdout.split('\n').map((l) => l.trim().split(/\s+/)[0]).filter(Boolean);
  suites.forEach((s) => known.add(s));
  const mine = wanted.length ? suites.filter((s) => wanted.includes(s)) : suites;
  if (mine.length) plan.push({ pkg, suites: mine });
}
const unknown = wanted.filter((w) => !known.has(w));
if (unknown.length) {
  console.error(`bench: unknown suite ${unknown.join(', ')}; known: ${[...known].join(', ')}`);
  process.exit(2);
}

const rows = [];
for (const { pkg, suites } of plan) {
  const r = run(pkg, ['--suite', suites.join(','), ...rest], json);
  if (r.status !== 0) process.exit(r.status ?? 1);
  if (json) rows.push(...JSON.parse(r.stdout));
}
if (json) console.log(JSON.stringify(rows, null, 2));
