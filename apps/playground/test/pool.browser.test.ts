// The pooled views in Debian's Chromium: the cv, ensembles and bias–variance views run once with
// one worker (their jobs one after another in the training worker) and once on a pool of 2 Web
// Workers, same seed; the numbers shown and every bit of the result the view records are
// identical, and equal to the Node library's result for the same config. The pooled run must
// have had its jobs answered by at least 2 workers, so a pool that is silently skipped fails.
// Wall times are recorded (test-results/pool-perf.json), never asserted.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumMissing, serveStatic, type launchChromium, type StaticServer } from '@descent/browser-test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBiasVariance } from '../src/engine/bias-variance.js';
import { runCv } from '../src/engine/cv.js';
import { runEnsembles } from '../src/engine/ensembles.js';
import { parseHash, type Configs } from '../src/state.js';
import { dist, root, servedApp } from './built-app.js';

const skip = chromiumMissing();
type Browser = Awaited<ReturnType<typeof launchChromium>>;

/**
 * Every number of a value as the hex of its float64 bits, typed arrays as their type and bytes:
 * equal encodings mean equal bits (NaN and −0 included). Self-contained: it also runs in the page.
 */
function bitsOf(v: unknown): unknown {
  const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  const walk = (x: unknown): unknown => {
    if (typeof x === 'number') return hex(new Uint8Array(Float64Array.of(x).buffer));
    if (x === null || typeof x !== 'object') return x;
    if (ArrayBuffer.isView(x)) return { [x.constructor.name]: hex(new Uint8Array(x.buffer, x.byteOffset, x.byteLength)) };
    if (Array.isArray(x)) return x.map(walk);
    return Object.fromEntries(
      Object.keys(x)
        .sort()
        .map((k) => [k, walk((x as Record<string, unknown>)[k])]),
    );
  };
  return walk(v);
}

interface ViewRun {
  /** What the view shows (its result area's text). */
  shown: string;
  /** bitsOf the result the view recorded, without runId and pool. */
  bits: unknown;
  pool: { runner: string; jobs: number; workersUsed: number; lanes: number; reason: string };
  /** The line under the result saying where the jobs ran. */
  ranOn: string;
  ms: number;
}

let server: StaticServer;
let browser: Browser;
const measured: Record<string, unknown> = {};
const errors: string[] = [];

async function runView(hash: string, workers: number | 'auto'): Promise<ViewRun> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  try {
    await page.goto(`${server.url}/${hash}${workers === 'auto' ? '' : `&workers=${workers}`}`);
    // a result, or a message (which fails the test at once, saying why)
    await page.waitForFunction(() => document.querySelector('[data-stat="pool"][data-runner]') !== null || !document.getElementById('error')!.hidden, null, { timeout: 240_000 });
    expect(await page.isVisible('#error') ? await page.textContent('#error') : null).toBeNull();
    const pool = await page.$eval('[data-stat="pool"]', (p) => ({
      runner: p.getAttribute('data-runner')!,
      jobs: Number(p.getAttribute('data-jobs')),
      workersUsed: Number(p.getAttribute('data-workers-used')),
      lanes: Number(p.getAttribute('data-lanes')),
      reason: p.getAttribute('data-reason')!,
    }));
    const shown = await page.$eval('.result', (r) => (r as HTMLElement).innerText);
    const ranOn = await page.$eval('[data-stat="pool"]', (r) => (r as HTMLElement).innerText);
    const { bits, ms } = await page.evaluate(`(() => {
      const p = globalThis.__playground;
      const { runId, pool, ...result } = p.run;
      return { bits: (${bitsOf.toString()})(result), ms: p.runMs };
    })()`) as { bits: unknown; ms: number };
    return { shown, ranOn, bits, pool, ms };
  } finally {
    await page.close();
  }
}

/**
 * The view run with 1 worker, with 2 (the training worker and a pool worker) and on auto: the
 * same bits; 2 really used both; auto, on these small settings, kept to the training worker.
 */
async function serialAndPooled(name: string, hash: string, jobs: number): Promise<ViewRun> {
  const serial = await runView(hash, 1);
  const pooled = await runView(hash, 2);
  const auto = await runView(hash, 'auto');
  measured[name] = { hash, jobs, serialMs: serial.ms, pooled2Ms: pooled.ms, autoMs: auto.ms };
  expect(serial.pool).toEqual({ runner: 'serial', jobs, workersUsed: 1, lanes: 1, reason: 'asked' });
  expect(pooled.pool).toEqual({ runner: 'browser-pool-2', jobs, workersUsed: 2, lanes: 2, reason: 'asked' });
  expect(auto.pool).toEqual({ runner: 'serial', jobs, workersUsed: 1, lanes: 1, reason: 'small' });
  expect(auto.ranOn).toMatch(new RegExp(`^${jobs} jobs on one worker \\(auto: about [0-9.]+ s of work, too little to pay for more workers\\)$`));
  expect(pooled.shown).toBe(serial.shown);
  expect(pooled.bits).toEqual(serial.bits);
  expect(auto.bits).toEqual(serial.bits);
  return pooled;
}

/** The Node result as the worker posts it: the type tag first, then the engine's fields. */
const asPosted = (type: string, r: object) => bitsOf({ type, ...r });

describe.skipIf(skip !== null)('pooled views in Chromium: serial = pool of 2 = Node, bit for bit', () => {
  beforeAll(async () => {
    ({ server, browser } = await servedApp());
  }, 180_000);

  afterAll(async () => {
    const out = join(root, 'test-results');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'pool-perf.json'), `${JSON.stringify(measured, null, 2)}\n`);
    await browser?.close();
    await server?.close();
  });

  it('cross-validation: 3 folds × 2 candidates as cv/fold jobs', async () => {
    const hash = '#view=cv&epochs=6&folds=3&candidates=0,0.05&samples=150&seed=5';
    const pooled = await serialAndPooled('cv', hash, 6);
    expect(pooled.shown).toMatch(/chosen: L2 = (0|0\.05)/);
    const node = runCv(parseHash(hash).config as Configs['cv']);
    expect(pooled.bits).toEqual(asPosted('cv-result', node));
  }, 600_000);

  it('bagging: 4 members as ensemble/bagging-member jobs (AdaBoost stays in the training worker)', async () => {
    const hash = '#view=ensembles&members=4&rounds=5&epochs=8&samples=160&seed=3';
    const pooled = await serialAndPooled('ensembles', hash, 4);
    const node = runEnsembles(parseHash(hash).config as Configs['ensembles'], null);
    expect(pooled.bits).toEqual(asPosted('ensembles-result', node));
  }, 600_000);

  it('bias–variance: the 2-D part\'s 5 bagged MLPs as bias-variance/disagreement-member jobs', async () => {
    const hash = '#view=bias-variance&fits=5&degree=2&maxDegree=6&seed=9';
    const pooled = await serialAndPooled('bias-variance', hash, 5);
    const node = runBiasVariance(parseHash(hash).config as Configs['bias-variance']);
    // the truth curve is computed in JavaScript: portableSin gives Node's bits in Chromium too
    expect(pooled.bits).toEqual(asPosted('bias-variance-result', node));
  }, 600_000);

  it('a pool worker whose script cannot load: the view says so and stays usable, it never waits without end', async () => {
    // the built app without its job-worker chunk: every pool worker fails to load (a 404)
    const broken = mkdtempSync(join(tmpdir(), 'playground-broken-'));
    cpSync(dist, broken, { recursive: true });
    for (const f of readdirSync(join(broken, 'assets'))) if (/^job-worker-.*\.js$/.test(f)) rmSync(join(broken, 'assets', f));
    const brokenServer = await serveStatic({ '/': broken });
    const page = await browser.newPage();
    try {
      await page.goto(`${brokenServer.url}/#view=cv&epochs=2&folds=2&candidates=0,0.1&samples=80&workers=2`);
      await page.waitForFunction(() => !document.getElementById('error')!.hidden, null, { timeout: 120_000 });
      expect(await page.textContent('#error')).toMatch(/a pool worker failed: its script could not be loaded or started/);
      expect(await page.isVisible('.busy')).toBe(false);
      expect(await page.isVisible('#stop')).toBe(false);
      // one worker runs the jobs in the training worker: the same page still computes
      await page.selectOption('#workers', '1');
      await page.waitForSelector('[data-stat="pool"][data-runner="serial"]', { timeout: 120_000 });
      expect(await page.isVisible('#error')).toBe(false);
    } finally {
      await page.close();
      await brokenServer.close();
      rmSync(broken, { recursive: true, force: true });
    }
  }, 300_000);

  it('no page errors', () => {
    expect(errors).toEqual([]);
  });
});
