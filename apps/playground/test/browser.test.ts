// The built app in Debian's Chromium: every view loads, runs and changes its numbers in the
// expected direction; the worker's losses are bit-identical to Node's; errors are visible;
// screenshots go to test-results/ (checked for non-blank canvases); fps and steps/s are
// measured and recorded (never asserted).
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromiumMissing, launchChromium, serveStatic, type StaticServer } from '@descent/browser-test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trainCommand } from '../src/cli-command.js';
import { runClassifier } from '../src/engine/classifier.js';
import { runSharpness } from '../src/engine/batch-size.js';
import { FUNCTIONS_2D } from '@descent/train/race-functions';
import { biasVarianceSpecs, runJobs } from '@descent/train';
import { DEFAULTS, parseHash } from '../src/state.js';
import { ISOLATION_HEADERS } from '../vite.config.js';
import { dist, root, servedApp } from './built-app.js';
import type { ClassifierEpoch } from '../src/protocol.js';

const out = join(root, 'test-results');
const skip = chromiumMissing();

type Browser = Awaited<ReturnType<typeof launchChromium>>;
type Page = Awaited<ReturnType<Browser['newPage']>>;

interface Perf {
  fps: number;
  stepsPerSec: number;
  steps: number;
  done: boolean;
  variant: string;
  threads: number;
  runs: number;
  run: { steps: number[]; epochs: ClassifierEpoch[] } | null;
}

let server: StaticServer;
let browser: Browser;
const measured: Record<string, unknown> = {};
const foreign: string[] = [];
const consoleErrors: string[] = [];

async function open(hash: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(server.url) && !u.startsWith('data:') && !u.startsWith('blob:')) foreign.push(u);
  });
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  await page.goto(`${server.url}/${hash}`);
  return page;
}

const perf = (page: Page) => page.evaluate(() => (globalThis as unknown as { __playground: Perf }).__playground);

async function waitDone(page: Page, timeout = 60_000): Promise<void> {
  await page.waitForFunction(() => (globalThis as unknown as { __playground: Perf }).__playground.done, null, { timeout });
}

/** Save a screenshot and return the luminance variance of the view's canvases (0 = blank). */
async function shoot(page: Page, name: string): Promise<number> {
  mkdirSync(out, { recursive: true });
  await page.screenshot({ path: join(out, `${name}.png`) });
  return page.evaluate(() => {
    let n = 0;
    let s = 0;
    let s2 = 0;
    for (const c of document.querySelectorAll('canvas')) {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      for (let i = 0; i < d.length; i += 16) {
        const l = 0.299 * d[i]! + 0.587 * d[i + 1]! + 0.114 * d[i + 2]!;
        s += l;
        s2 += l * l;
        n++;
      }
    }
    return n ? s2 / n - (s / n) ** 2 : 0;
  });
}

describe.skipIf(skip !== null)('playground in Chromium', () => {
  beforeAll(async () => {
    ({ server, browser } = await servedApp());
  }, 180_000);

  afterAll(async () => {
    writeFileSync(join(out, 'perf.json'), `${JSON.stringify(measured, null, 2)}\n`);
    await browser?.close();
    await server?.close();
  });

  it('the main chunk holds no engine code; the worker and the .wasm are in dist/assets', () => {
    const html = readFileSync(join(dist, 'index.html'), 'utf8');
    const main = /src="\.\/(assets\/index-[^"]+\.js)"/.exec(html)?.[1];
    expect(main).toBeDefined();
    const mainJs = readFileSync(join(dist, main!), 'utf8');
    for (const marker of ['optim-wasm:', 'descent-simd', 'WebAssembly.instantiate', 'relaxed_madd', 'philox']) expect(mainJs).not.toContain(marker);
    const assets = readdirSync(join(dist, 'assets'));
    const worker = assets.find((a) => /^worker-.*\.js$/.test(a));
    expect(worker).toBeDefined();
    expect(readFileSync(join(dist, 'assets', worker!), 'utf8')).toContain('optim-wasm:');
    expect(assets.some((a) => /^descent-simd-.*\.wasm$/.test(a))).toBe(true);
  });

  it('optimizer race: every racer lowers the loss; a click moves the start; a slider moves lr', async () => {
    const page = await open('#view=race');
    await waitDone(page);
    const c = DEFAULTS.race;
    const f0 = FUNCTIONS_2D[c.fn].f(c.x0, c.y0);
    const finals = await page.$$eval('tr[data-racer] td[data-loss]', (tds) => tds.map((t) => Number(t.getAttribute('data-loss'))));
    expect(finals).toHaveLength(c.racers.length);
    for (const l of finals) expect(l).toBeLessThan(f0);
    const p = await perf(page);
    measured['race'] = { fps: p.fps, stepsPerSec: p.stepsPerSec, racerSteps: p.steps };
    expect(await shoot(page, 'race')).toBeGreaterThan(50);
    // The URL is read inside the page (Playwright's page.url() learns of history.replaceState
    // asynchronously), and every change is awaited as a condition, never a fixed delay.
    // the copied command is the race's exact CLI twin (test/race-parity.test.ts checks the bits)
    expect(await page.textContent('#cli')).toContain('descent experiment optimizers --function quadratic');
    expect(await page.textContent('.cli small')).toContain('exactly');
    const raceHash = async () => parseHash(await page.evaluate(() => location.hash)).config as typeof c;
    // click the plot: the start (and the URL) change, and the race restarts from there
    const box = (await page.locator('canvas').first().boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.8, box.y + box.height * 0.2);
    await expect.poll(async () => (await raceHash()).x0).toBeGreaterThan(1);
    expect((await raceHash()).y0).toBeGreaterThan(0.5);
    // keyboard: each ArrowRight on the lr slider raises lr one notch, lands in the URL and the CLI
    // command. A change re-renders the view (a new slider), so focus the current one each time.
    let lr = c.lr;
    for (let i = 0; i < 4; i++) {
      await page.focus('#ctl-race-lr');
      await page.keyboard.press('ArrowRight');
      const before = lr;
      await expect.poll(async () => (await raceHash()).lr).toBeGreaterThan(before);
      lr = (await raceHash()).lr;
      await expect.poll(() => page.textContent('#cli')).toContain(`--lr ${lr} `);
    }
    expect(lr).toBeGreaterThan(c.lr);
    await page.close();
  }, 90_000);

  it('classifier: a long run keeps the page responsive; fps and steps/s are measured; pause stops the steps', async () => {
    const page = await open('#view=classifier&epochs=1000&batchSize=1&samples=400');
    await page.waitForFunction(() => (globalThis as unknown as { __playground: Perf }).__playground.steps > 2000, null, { timeout: 60_000 });
    // let the fps window cover a full second of training
    await page.waitForTimeout(2500);
    const p = await perf(page);
    measured['classifier-long (batch 1, mlp 8-8)'] = { fps: p.fps, stepsPerSec: p.stepsPerSec, steps: p.steps };
    expect(p.fps).toBeGreaterThan(0);
    expect(p.stepsPerSec).toBeGreaterThan(0);
    await page.click('#play');
    await expect.poll(() => page.getAttribute('#play', 'aria-pressed')).toBe('false');
    const a = (await perf(page)).steps;
    await page.waitForTimeout(500);
    const b = (await perf(page)).steps;
    await page.waitForTimeout(500);
    expect((await perf(page)).steps).toBe(b);
    // the worker trains in ticks of ~40 ms and reads Pause between them: what runs after it is at
    // most a tick or two, far below a quarter second at the rate the page measured
    expect(b - a).toBeLessThan(Math.max(100, p.stepsPerSec / 4));
    await page.click('#play');
    await page.waitForFunction((n) => (globalThis as unknown as { __playground: Perf }).__playground.steps > n, b, { timeout: 30_000 });
    await page.close();
  }, 120_000);

  it('a diverging learning rate gives a visible message, not a frozen page', async () => {
    const page = await open('#view=race&fn=quadratic&lr=1&racers=sgd,adam&steps=100');
    await waitDone(page);
    await expect.poll(() => page.textContent('#error')).toMatch(/sgd diverged.*lower the learning rate/);
    expect(await page.isVisible('#error')).toBe(true);
    await page.close();
    const p2 = await open('#view=classifier&optimizer=sgd&lr=1000000&epochs=3');
    await expect.poll(() => p2.textContent('#error'), { timeout: 30_000 }).toMatch(/diverged.*lower the learning rate/);
    await p2.close();
  }, 90_000);

  it('classifier: the loss falls, the URL holds the run, and the worker loss sequence is bit-identical to Node', async () => {
    const hash = '#view=classifier&epochs=30&seed=11';
    const page = await open(hash);
    await waitDone(page);
    const p = await perf(page);
    const run = p.run!;
    expect(run.epochs).toHaveLength(30);
    expect(run.epochs[29]!.trainLoss).toBeLessThan(run.epochs[0]!.trainLoss * 0.6);
    measured['classifier (30 epochs, under 1 s: no fps window)'] = { stepsPerSec: p.stepsPerSec, steps: p.steps, variant: p.variant };
    expect(p.variant).toBe('simd');
    const c = parseHash(hash).config as typeof DEFAULTS.classifier;
    expect(await page.textContent('#cli')).toBe(trainCommand(c));
    const node = runClassifier(c);
    const bits = (a: number[]) => Array.from(new Uint32Array(Float32Array.from(a).buffer));
    expect(run.steps.length).toBe(node.steps.length);
    expect(bits(run.steps)).toEqual(bits(node.steps));
    expect(run.epochs.map((e) => e.trainLoss)).toEqual(node.epochs.map((e) => e.trainLoss));
    expect(run.epochs.map((e) => e.valLoss)).toEqual(node.epochs.map((e) => e.valLoss));
    expect(await page.textContent('[data-stat="test"]')).toMatch(/acc \d/);
    expect(await shoot(page, 'classifier')).toBeGreaterThan(50);
    await page.close();
  }, 120_000);

  it('classifier: over-fitting shows in the validation curve and early stopping restores the best epoch', async () => {
    const page = await open('#view=classifier&dataset=moons&samples=80&noise=0.45&hidden=64-64&lr=0.01&batchSize=8&epochs=150&earlyStopping=15&seed=3');
    await waitDone(page, 90_000);
    const run = (await perf(page)).run!;
    const val = run.epochs.map((e) => e.valLoss!);
    const best = val.indexOf(Math.min(...val));
    expect(best).toBeLessThan(run.epochs.length - 1);
    expect(await page.textContent('[data-stat="best-epoch"]')).toContain(String(best + 1));
    expect(await shoot(page, 'classifier-early-stopping')).toBeGreaterThan(50);
    await page.close();
  }, 120_000);

  it('CSV drops: a malformed file and a one-class file give clear messages; a good file trains and the command names it', async () => {
    const page = await open('#view=classifier&epochs=3');
    const drop = async (text: string) => page.setInputFiles('#csv-file', { name: 'my points.csv', mimeType: 'text/csv', buffer: Buffer.from(text) });
    await drop('x,y,label\n1,2,a\n3,oops,b\n');
    await expect.poll(() => page.textContent('#error')).toMatch(/my points\.csv.*line 3, column 2/);
    expect(new URL(page.url()).hash).toContain('dataset=csv');
    await drop('x,y,label\n1,2,a\n3,4,a\n5,6,a\n');
    await expect.poll(() => page.textContent('#error')).toMatch(/class/);
    const rows = ['x,y,label'];
    for (let i = 0; i < 40; i++) rows.push(`${(i % 7) - 3 + (i % 2) * 6},${(i % 5) - 2},${i % 2 ? 'b' : 'a'}`);
    await drop(rows.join('\n'));
    await waitDone(page);
    expect(await page.isVisible('#error')).toBe(false);
    // the copied command reads the dropped file by its own name and says the user needs it
    const cli = (await page.textContent('#cli'))!;
    expect(cli).toContain("--data 'my points.csv' --label -1");
    expect(cli).not.toContain('dropped.csv');
    expect(await page.textContent('#cli-file')).toContain('my points.csv');
    await page.close();
  }, 90_000);

  it('language switch: Korean text, kept in the URL', async () => {
    const page = await open('#view=cv&lang=en');
    await page.click('#lang');
    expect(new URL(page.url()).hash).toContain('lang=ko');
    expect(await page.textContent('#view-title')).toBe('교차 검증');
    await page.reload();
    expect(await page.textContent('#view-title')).toBe('교차 검증');
    await page.close();
  }, 60_000);

  it('batch size and sharpness: both runs reach the target loss; the small batch ends flatter; the command is the experiment that prints it', async () => {
    const hash = '#view=sharpness&samples=200&hidden=16-16&targetLoss=0.1&maxEpochs=200';
    const page = await open(hash);
    await page.waitForSelector('[data-result="sharpness"]', { timeout: 90_000 });
    const rows = await page.$$eval('tr[data-batch]', (t) =>
      t.map((r) => ({
        batch: Number(r.getAttribute('data-batch')),
        steps: Number(r.getAttribute('data-steps')),
        sharp: Number(r.getAttribute('data-sharpness')),
        lambda: Number(r.getAttribute('data-lambda-max')),
        trainLoss: Number(r.getAttribute('data-train-loss')),
        reached: r.getAttribute('data-reached'),
      })),
    );
    expect(rows.map((r) => r.batch)).toEqual([8, 140]);
    for (const r of rows) {
      expect(r.reached).toBe('true');
      expect(r.trainLoss).toBeLessThan(0.1);
    }
    expect(rows[0]!.steps).toBeGreaterThan(rows[1]!.steps);
    expect(rows[0]!.sharp).toBeLessThan(rows[1]!.sharp);
    expect(rows[0]!.lambda).toBeLessThan(rows[1]!.lambda);
    // the same numbers as Node (the worker runs @descent/train's runBatchSizeView)
    const node = runSharpness(parseHash(hash).config as typeof DEFAULTS.sharpness);
    expect(rows.map((r) => r.sharp)).toEqual(node.runs.map((r) => r.sharpness));
    expect(await page.textContent('#cli')).toMatch(/^descent experiment batch-size --batch-sizes 8,full .*--target-loss 0\.1 --max-epochs 200 /);
    expect(await shoot(page, 'sharpness')).toBeGreaterThan(50);
    await page.close();
  }, 120_000);

  it('Play after a finished run starts it again', async () => {
    const page = await open('#view=classifier&epochs=2');
    await waitDone(page);
    const runs = (await perf(page)).runs;
    expect(await page.getAttribute('#play', 'aria-pressed')).toBe('false');
    await page.click('#play');
    await expect.poll(async () => (await perf(page)).runs).toBe(runs + 1);
    await waitDone(page);
    expect((await perf(page)).run!.epochs).toHaveLength(2);
    await page.close();
  }, 60_000);

  it('Korean: no English words left in the results; Hangul renders as glyphs, not boxes', async () => {
    const page = await open('#view=cv&lang=ko&epochs=4&folds=3&candidates=0,0.1&samples=120');
    await page.waitForSelector('[data-result="cv"]', { timeout: 90_000 });
    await page.click('#reveal');
    // the view (controls and results; the copied command is English by nature: --folds)
    const text = await page.evaluate(() => document.querySelector<HTMLElement>('.view')!.innerText);
    for (const english of ['chosen', 'fold', 'mean ± std', 'train acc', 'accuracy', 'Reveal']) expect(text).not.toContain(english);
    expect(text).toContain('평균 ± 표준편차');
    // the page names a Hangul font, and two different syllables draw differently in it (a missing
    // glyph draws the same box for both)
    expect(await page.evaluate(() => getComputedStyle(document.body).fontFamily)).toContain('Noto Sans CJK KR');
    const distinct = await page.evaluate(() => {
      const draw = (ch: string) => {
        const c = document.createElement('canvas');
        c.width = c.height = 40;
        const g = c.getContext('2d')!;
        g.font = `32px ${getComputedStyle(document.body).fontFamily}`;
        g.fillText(ch, 2, 34);
        return Array.from(g.getImageData(0, 0, 40, 40).data).join(',');
      };
      return new Set(['가', '나', '다'].map(draw)).size;
    });
    expect(distinct).toBe(3);
    await page.close();
    const cls = await open('#view=classifier&lang=ko&epochs=2');
    await waitDone(cls);
    const t2 = await cls.evaluate(() => document.querySelector<HTMLElement>('.view')!.innerText);
    for (const english of ['train acc', 'sealed', 'batch loss', '● train']) expect(t2).not.toContain(english);
    await cls.close();
  }, 120_000);

  it('a slider label never runs into its value', async () => {
    const page = await open('#view=classifier&epochs=1');
    const gaps = await page.$$eval('.ctl', (ctls) =>
      ctls
        .filter((c) => c.querySelector('output'))
        .map((c) => {
          const l = c.querySelector('label')!.getBoundingClientRect();
          const o = c.querySelector('output')!.getBoundingClientRect();
          return { key: c.getAttribute('data-key'), gap: o.left - l.right, sameRow: Math.abs(o.top - l.top) < l.height };
        }),
    );
    expect(gaps.length).toBeGreaterThan(10);
    for (const g of gaps) if (g.sameRow) expect(g.gap, g.key!).toBeGreaterThanOrEqual(4);
    expect(gaps.find((g) => g.key === 'earlyStopping')).toBeDefined();
    await page.close();
  }, 60_000);

  it('bias–variance: a higher degree trades bias for variance', async () => {
    const read = async (degree: number) => {
      const page = await open(`#view=bias-variance&degree=${degree}&fits=12`);
      await page.waitForSelector('[data-result="bias-variance"]', { timeout: 90_000 });
      const v = await page.$eval('tr[data-bias2]', (r) => ({ bias2: Number(r.getAttribute('data-bias2')), variance: Number(r.getAttribute('data-variance')) }));
      if (degree === 3) expect(await shoot(page, 'bias-variance')).toBeGreaterThan(50);
      await page.close();
      return v;
    };
    const low = await read(1);
    const mid = await read(3);
    const high = await read(11);
    expect(low.bias2).toBeGreaterThan(mid.bias2);
    expect(high.variance).toBeGreaterThan(mid.variance);
  }, 180_000);

  it('bagging and boosting: the vote classifies well; the round slider redraws AdaBoost', async () => {
    const page = await open('#view=ensembles&members=5&rounds=15');
    await page.waitForSelector('[data-stat="bagging"]', { timeout: 90_000 });
    expect(Number(await page.getAttribute('[data-stat="bagging"]', 'data-accuracy'))).toBeGreaterThan(0.8);
    const last = Number(await page.getAttribute('[data-stat="boost"]', 'data-accuracy'));
    await page.focus('#boost-round');
    await page.keyboard.press('Home');
    const first = Number(await page.getAttribute('[data-stat="boost"]', 'data-accuracy'));
    expect(last).toBeGreaterThanOrEqual(first);
    await page.keyboard.press('End');
    expect(await shoot(page, 'ensembles')).toBeGreaterThan(50);
    await page.close();
  }, 120_000);

  it('cross-validation: per-fold scores, a chosen setting, the sealed test score revealed once', async () => {
    const page = await open('#view=cv&epochs=10&folds=3&candidates=0,0.1');
    await page.waitForSelector('[data-result="cv"]', { timeout: 90_000 });
    expect(await page.$$eval('table[data-result="cv"] tr', (r) => r.length)).toBe(3);
    expect(await page.textContent('[data-stat="chosen"]')).toMatch(/L2 = (0|0\.1)$/);
    expect(await page.isVisible('[data-stat="cv-test"]')).toBe(false);
    await page.click('#reveal');
    expect(await page.textContent('[data-stat="cv-test"]')).toMatch(/accuracy \d/);
    expect(await page.isDisabled('#reveal')).toBe(true);
    expect(await shoot(page, 'cv')).toBeGreaterThan(50);
    await page.close();
  }, 120_000);

  it('threads: on a cross-origin isolated page the worker gets 2 kernel threads and the same bits as Node; elsewhere one thread and a notice', async () => {
    const isolatedServer = await serveStatic({ '/': dist }, ISOLATION_HEADERS);
    try {
      const hash = '#view=classifier&epochs=8&seed=5&hidden=64-64&batchSize=0&threads=2';
      const page = await browser.newPage();
      page.on('pageerror', (e) => consoleErrors.push(e.message));
      await page.goto(`${isolatedServer.url}/${hash}`);
      await waitDone(page);
      expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);
      const p = await perf(page);
      expect(p.threads).toBe(2);
      expect(p.variant).toBe('simd');
      await expect.poll(() => page.getAttribute('#threads-got', 'data-threads')).toBe('2');
      expect(await page.isVisible('#threads-note')).toBe(false);
      const node = runClassifier(parseHash(hash).config as typeof DEFAULTS.classifier);
      const bits = (a: number[]) => Array.from(new Uint32Array(Float32Array.from(a).buffer));
      expect(bits(p.run!.steps)).toEqual(bits(node.steps));
      await page.close();
    } finally {
      await isolatedServer.close();
    }
    const plain = await open('#view=classifier&epochs=2&threads=2');
    await waitDone(plain);
    expect((await perf(plain)).threads).toBe(1);
    expect(await plain.textContent('#threads-note')).toMatch(/not cross-origin isolated.*one thread/);
    await plain.close();
  }, 120_000);

  it('fast mode: the relaxed-SIMD build trains, and the command says its numbers depend on the CPU', async () => {
    const page = await open('#view=classifier&epochs=3&fast=1&threads=1');
    await waitDone(page);
    const p = await perf(page);
    expect(p.variant).toBe('relaxed');
    expect(p.run!.epochs).toHaveLength(3);
    expect(p.run!.epochs[2]!.trainLoss).toBeLessThan(p.run!.epochs[0]!.trainLoss);
    expect(await page.textContent('.cli small')).toMatch(/depend on this CPU/);
    expect(await page.isChecked('#fast')).toBe(true);
    await page.close();
  }, 60_000);

  it('worker pool: job specs on 1, 2 and 3 lanes (the training worker and 0, 1, 2 pool workers) give the serial values bit for bit, and Node\'s', async () => {
    // bias–variance members with small MLPs (train's job kind experiments/bias-variance-member)
    const specs = biasVarianceSpecs({ family: 'mlp', capacities: [2, 6], members: 3, epochs: 60, testPoints: 16, seed: 3 });
    const page = await open('#view=race&steps=50');
    await waitDone(page);
    type Jobs = { jobs(s: unknown, n: number): Promise<{ runner: string; values: number[][] }> };
    const run = (workers: number) => page.evaluate(([s, n]) => (globalThis as unknown as { __playground: Jobs }).__playground.jobs(s, n), [specs, workers] as const);
    const first = await run(0);
    expect(first.runner).toBe('serial');
    const serial = first.values;
    expect(serial).toHaveLength(specs.length);
    for (const workers of [1, 2, 3]) {
      const pooled = await run(workers);
      expect(pooled.runner).toBe(workers === 1 ? 'serial' : `browser-pool-${workers}`);
      expect(pooled.values).toEqual(serial);
    }
    const node = (await runJobs<number[]>(specs)).map((r) => r.value);
    expect(serial).toEqual(node);
    await page.close();
  }, 120_000);

  it('offline: nothing was fetched from elsewhere, and no console errors', () => {
    expect(foreign).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});

