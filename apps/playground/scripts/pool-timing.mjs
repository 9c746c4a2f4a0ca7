// Wall time of the pooled views in Debian's Chromium: each view with 1 worker (its jobs one after
// another in the training worker), with 2 (`--workers N`: the training worker and N − 1 pool
// workers) and on auto (the default: lane-plan.ts decides), interleaved, `--repeats R` times
// (default 3). Each page runs the view twice: 'cold' (the first run: pool workers start, load the
// core and warm up) and 'warm' (Run pressed again: the pool is kept). `--large`: the cv and
// ensembles views with 10× the default epochs (where a pool can pay). Prints each run, the
// medians and the load average. A measurement, never a test: `npm run build` first, then
// `node apps/playground/scripts/pool-timing.mjs [--workers N] [--repeats R] [--large]`.
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { launchChromium, serveStatic } from '@descent/browser-test';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const pool = arg('workers', 2);
const repeats = arg('repeats', 3);
const VIEWS = process.argv.includes('--large') ? ['cv&epochs=300', 'ensembles&epochs=300'] : ['cv', 'ensembles', 'bias-variance'];
const CONTENDERS = [1, pool, 'auto'];

const server = await serveStatic({ '/': join(import.meta.dirname, '..', 'dist') });
const browser = await launchChromium();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const times = Object.fromEntries(VIEWS.flatMap((v) => ['cold', 'warm'].map((t) => [`${v} ${t}`, Object.fromEntries(CONTENDERS.map((c) => [c, []]))])));
try {
  for (let r = 0; r < repeats; r++) {
    for (const view of VIEWS) {
      for (const workers of CONTENDERS) {
        const page = await browser.newPage();
        await page.goto(`${server.url}/#view=${view}${workers === 'auto' ? '' : `&workers=${workers}`}`);
        for (const when of ['cold', 'warm']) {
          if (when === 'warm') {
            await page.evaluate(() => (globalThis.__playground.run = null));
            await page.click('#play');
          }
          await page.waitForFunction(() => globalThis.__playground.run?.pool !== undefined, null, { timeout: 600_000 });
          const { ms, jobs, used, lanes } = await page.evaluate(() => {
            const p = globalThis.__playground;
            return { ms: p.runMs, jobs: p.run.pool.jobs, used: p.run.pool.workersUsed, lanes: p.run.pool.lanes };
          });
          times[`${view} ${when}`][workers].push(ms);
          console.log(`${view} ${when} workers=${workers}: ${(ms / 1000).toFixed(2)} s (${jobs} jobs, ${lanes} lanes, ${used} answered) load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
        }
        await page.close();
      }
    }
  }
  for (const view of Object.keys(times)) {
    const [a, b, c] = CONTENDERS.map((w) => median(times[view][w]));
    console.log(`median ${view}: 1 worker ${(a / 1000).toFixed(2)} s, ${pool} workers ${(b / 1000).toFixed(2)} s (${(a / b).toFixed(2)}×), auto ${(c / 1000).toFixed(2)} s (${(a / c).toFixed(2)}×)`);
  }
} finally {
  await browser.close();
  await server.close();
}
