// npm run conformance -- [DIR] [--json]
// Exit 0 all good, 1 any failed case, 2 missing directory or malformed file.
import { fileURLToPath } from 'node:url';
import { FixtureFormatError } from './fixtures.js';
import { formatReport, runConformance } from './run.js';

export const DEFAULT_FIXTURES = fileURLToPath(new URL('../../../fixtures/public', import.meta.url));

const args = process.argv.slice(2);
const json = args.includes('--json');
const dir = args.find((a) => !a.startsWith('--')) ?? DEFAULT_FIXTURES;
try {
  const report = await runConformance(dir);
  if (json) console.log(JSON.stringify({ ...report, cases: report.cases.filter((c) => c.status !== 'passed') }, null, 2));
  else console.log(formatReport(report));
  process.exit(report.failed > 0 ? 1 : 0);
} catch (e) {
  if (e instanceof FixtureFormatError) {
    console.error(e.message);
    process.exit(2);
  }
  throw e;
}
