// Wall time of the pooled views in Debian's Chromium: each view at its default settings with 1
// worker (its jobs one after another in the training worker) and on the pool (2 workers, or
// `--workers N`), interleaved, `--repeats R` times (default 3). Each page runs the view twice:
// 'cold' (the first run: the pool's workers start and load the core) and 'warm' (Run pressed
// again: the pool is kept). Prints each run, the medians and the load average. A measurement, never a test: `npm run build` first, then
// `node apps/playground/scripts/pool-timing.mjs [--workers N] [--repeats R]`.
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { launchChromium, serveStatic } from '@descent/browser-test';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const pool = arg('workers', 2);
const repeats = arg('repeats', 3);
const VIEWS = ['cv', 'ensembles', 'bias-variance'];

const server = await serveStatic({ '/': join(import.meta.dirname, '..', 'dist') });
const browser = await launchChromium();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const times = Object.fromEntries(VIEWS.flatMap((v) => ['cold', 'warm'].map((t) => [`${v} ${t}`, { 1: [], [pool]: [] }])));
try {
  for (let r = 0; r < repeats; r++) {
    for (const view of VIEWS) {
      for (const workers of [1, pool]) {
        const page = await browser.newPage();
        await page.goto(`${server.url}/#view=${view}&workers=${workers}`);
        for (const when of ['cold', 'warm']) {
          if (when === 'warm') {
            await page.evaluate(() => (globalThis.__playground.run = null));
            await page.click('#play');
          }
          await page.waitForFunction(() => globalThis.__playground.run?.pool !== undefined, null, { timeout: 600_000 });
          const { ms, jobs, used } = await page.evaluate(() => {
            const p = globalThis.__playground;
            return { ms: p.runMs, jobs: p.run.pool.jobs, used: p.run.pool.workersUsed };
          });
          times[`${view} ${when}`][workers].push(ms);
          console.log(`${view} ${when} workers=${workers}: ${(ms / 1000).toFixed(2)} s (${jobs} jobs, ${used} workers answered) load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
        }
        await page.close();
      }
    }
  }
  for (const view of Object.keys(times)) {
    const [a, b] = [median(times[view][1]), median(times[view][pool])];
    console.log(`median ${view}: 1 worker ${(a / 1000).toFixed(2)} s, ${pool} workers ${(b / 1000).toFixed(2)} s, speed-up ${(a / b).toFixed(2)}×`);
  }
} finally {
  await browser.close();
  await server.close();
}
