// `npm run bench -w @descent/optim-wasm -- [--suite NAME]... [--case TEXT] [--reps N] [--json | --markdown]`
// Human tables go to stdout as each case finishes (progress to stderr); --json prints the rows
// as one JSON array, --markdown one Markdown table with a header naming the date and machine.
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { formatCase, formatMarkdown, runSuites } from './harness.js';
import { suites } from './suites/index.js';

const { values } = parseArgs({
  options: {
    suite: { type: 'string', multiple: true },
    case: { type: 'string' },
    reps: { type: 'string' },
    json: { type: 'boolean', default: false },
    markdown: { type: 'boolean', default: false },
    list: { type: 'boolean', default: false },
  },
});

if (values.list) {
  for (const s of suites) console.log(`${s.name.padEnd(10)} ${s.description}`);
  process.exit(0);
}

const wanted = values.suite?.flatMap((s) => s.split(','));
const unknown = wanted?.filter((w) => !suites.some((s) => s.name === w)) ?? [];
if (unknown.length > 0) {
  console.error(`bench: unknown suite ${unknown.join(', ')}; known: ${suites.map((s) => s.name).join(', ')}`);
  process.exit(2);
}
const selected = wanted ? suites.filter((s) => wanted.includes(s.name)) : suites;
const reps = values.reps === undefined ? 9 : Number(values.reps);
if (!Number.isInteger(reps) || reps < 1) {
  console.error(`bench: --reps must be a positive integer, got ${values.reps}`);
  process.exit(2);
}
const quiet = values.json || values.markdown;

const machine = `${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} threads visible), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${process.platform}/${process.arch}`;
if (!quiet) console.log(`descent bench — ${new Date().toISOString()} — ${machine}\n`);

const rows = await runSuites(selected, { reps, caseFilter: values.case, log: (l) => console.error(l) }, (caseRows) => {
  if (!quiet) console.log(formatCase(caseRows) + '\n');
});

if (values.json) console.log(JSON.stringify(rows, null, 2));
if (values.markdown) {
  console.log(`Measured ${new Date().toISOString().slice(0, 10)} on ${machine}; single thread, contenders interleaved in one process, ${reps} samples each (median; min–max).\n`);
  console.log(formatMarkdown(rows));
}
