// `npm run bench -w @descent/autodiff -- [--suite mlp|lecture] [--case TEXT] [--reps N] [--cold N] [--json | --markdown] [--list]`
// Suites `mlp` (see mlp.ts) and `lecture` (lecture.ts) through the optim-wasm harness's row format
// and tables, then the cold first step measured in fresh processes, the memory check and the goals.
import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { formatCase, formatMarkdown, type Row } from '../../optim-wasm/bench/harness.js';
import { pairedSpeedRatio, runAsyncCase, type SampledRow } from './async-case.js';
import { lectureCases } from './lecture.js';
import { mlpCases, type MemoryNote } from './mlp.js';

const { values } = parseArgs({
  options: {
    case: { type: 'string' },
    reps: { type: 'string' },
    cold: { type: 'string' },
    json: { type: 'boolean', default: false },
    markdown: { type: 'boolean', default: false },
    list: { type: 'boolean', default: false },
    suite: { type: 'string', multiple: true },
  },
});
const SUITES: Record<string, string> = {
  mlp: 'one training step (forward, cross-entropy, backward, Adam) of an MLP and a small CNN, warm and cold; the MLP also through fit',
  lecture: 'whole fit runs (digits MLP, two moons) against tfjs-wasm model.fit, wall time per run',
};
if (values.list) {
  for (const [n, d] of Object.entries(SUITES)) console.log(`${n.padEnd(10)} ${d}`);
  process.exit(0);
}
const wanted = (values.suite ?? []).flatMap((s) => s.split(',')).filter(Boolean);
const unknownSuites = wanted.filter((s) => !(s in SUITES));
if (unknownSuites.length > 0) {
  console.error(`bench: unknown suite ${unknownSuites.join(', ')}; known: ${Object.keys(SUITES).join(', ')}`);
  process.exit(2);
}
const suites = wanted.length ? wanted : Object.keys(SUITES);
const reps = values.reps === undefined ? 7 : Number(values.reps);
const coldRuns = values.cold === undefined ? 5 : Number(values.cold);
const quiet = values.json || values.markdown;
const say = (s: string) => {
  if (!quiet) console.log(s);
};
const machine = `${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} threads visible), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
say(`descent bench (autodiff) — ${new Date().toISOString()} — ${machine}\n`);

const rows: Row[] = [];
const sampled: SampledRow[] = [];
const notes: MemoryNote[] = [];
const peerNotes: string[] = [];
const cases = [
  ...(suites.includes('mlp') ? mlpCases(notes, peerNotes).map((bc) => ['mlp', bc] as const) : []),
  ...(suites.includes('lecture') ? lectureCases(peerNotes).map((bc) => ['lecture', bc] as const) : []),
];
for (const [suite, bc] of cases) {
  if (values.case && !bc.name.includes(values.case)) continue;
  console.error(`running ${suite} / ${bc.name}`);
  try {
    const r = await runAsyncCase(suite, bc, reps);
    rows.push(...r);
    sampled.push(...r);
    say(formatCase(r) + '\n');
  } catch (e) {
    console.error(`bench: ${suite} / ${bc.name} failed: ${(e as Error).message}`);
  }
}

// Cold first step: each run is a fresh Node process; rows report the median over the runs.
if (suites.includes('mlp') && coldRuns > 0 && (!values.case || 'cold'.includes(values.case) || values.case.includes('cold'))) {
  const script = fileURLToPath(new URL('./cold.ts', import.meta.url));
  const cold: Row[] = [];
  for (const who of ['descent', 'tfjs-wasm'] as const) {
    const runs: { loadMs: number; buildMs: number; firstStepMs: number; secondStepMs: number }[] = [];
    for (let i = 0; i < coldRuns; i++) {
      const out = execFileSync(process.execPath, ['--conditions=source', '--import', 'tsx', script, who], { encoding: 'utf8' });
      runs.push(JSON.parse(out.trim().split('\n').pop()!));
    }
    const first = runs.map((r) => r.firstStepMs).sort((a, b) => a - b);
    const med = first[first.length >> 1]!;
    cold.push({ suite: 'mlp', case: 'mlp cold first step (fresh process)', contender: who, median_ms: med, min_ms: first[0]!, max_ms: first.at(-1)!, unit: 'steps/s', value: 1000 / med });
    const m = (k: keyof (typeof runs)[number]) => runs.map((r) => r[k]).sort((a, b) => a - b)[runs.length >> 1]!.toFixed(1);
    console.error(`cold ${who}: load ${m('loadMs')} ms (tsx-inflated), build ${m('buildMs')} ms, first step ${m('firstStepMs')} ms, second step ${m('secondStepMs')} ms (medians of ${coldRuns})`);
  }
  rows.push(...cold);
  say(formatCase(cold) + '\n');
}

for (const n of peerNotes) say(`note: ${n}`);
for (const n of notes) say(`memory: ${n.contender} on '${n.case}': heapTop ${n.heapTop} B ${n.drifted === 0 ? 'constant' : `CHANGED in ${n.drifted}`} over ${n.steps} steps`);

const ratio = (caseName: string, peer: string) => {
  const rs = rows.filter((r) => r.case === caseName);
  const d = rs.find((r) => r.contender === 'descent');
  const p = rs.find((r) => r.contender === peer);
  return d && p ? d.value / p.value : undefined;
};
// Goals judge speed ratios by the median over rounds of same-round pairs (load that drifts between
// rounds cancels); the ratio of the two medians is printed beside it.
const goal = rows.find((r) => r.case.startsWith('mlp') && r.case.includes('core ops'));
if (goal) {
  const goalLine = (what: string, peer: string, faster: boolean, target: number) => {
    const paired = pairedSpeedRatio(sampled, goal.case, faster ? peer : 'descent', faster ? 'descent' : peer);
    const medians = ratio(goal.case, peer);
    if (paired === undefined || medians === undefined) return `${what}: ${peer} missing`;
    const rounds = sampled.find((r) => r.case === goal.case)!.samples_ms.length;
    return `${what}: ${paired.toFixed(3)}× ${paired >= target ? 'MET' : 'NOT MET'} (median of ${rounds} same-round pairs; ratio of medians ${(faster ? medians : 1 / medians).toFixed(3)}×)`;
  };
  say(`\n${goalLine('goal MLP step ≥ 10× tfjs-wasm steps/s', 'tfjs-wasm', true, 10)}`);
  say(goalLine('goal fit ≥ 0.97× the bare step (descent-fit ÷ descent)', 'descent-fit', false, 0.97));
}
const coldRow = rows.find((r) => r.case.startsWith('mlp cold') && r.contender === 'descent');
for (const r of rows.filter((x) => x.suite === 'lecture')) say(`lecture: ${r.contender} ${(r.median_ms / 1000).toFixed(2)} s per run of '${r.case}'`);
if (coldRow) say(`goal cold first step ≤ 80 ms: ${coldRow.median_ms.toFixed(1)} ms ${coldRow.median_ms <= 80 ? 'MET' : 'NOT MET'}`);

if (values.json) console.log(JSON.stringify(rows, null, 2));
if (values.markdown) {
  console.log(`Measured ${new Date().toISOString().slice(0, 10)} on ${machine}; single thread, contenders interleaved in one process, ${reps} samples each (median; min–max).\n`);
  console.log(formatMarkdown(rows));
}
