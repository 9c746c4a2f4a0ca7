// Regenerates the README's playground screenshots (docs/screenshots/playground-*.png) from the
// built app in Debian's Chromium: `npm run build` first, then
// `node apps/playground/scripts/screenshots.mjs`. Needs a Hangul font for the Korean shot
// (Debian: fonts-noto-cjk). Each shot waits for its view's result, never for a fixed time.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium, serveStatic } from '@descent/browser-test';

const root = join(import.meta.dirname, '..');
const out = join(root, '..', '..', 'docs', 'screenshots');

const SHOTS = [
  { file: 'playground-race.png', hash: '#view=race&fn=rosenbrock', done: 'done' },
  { file: 'playground-classifier.png', hash: '#view=classifier&dataset=spirals&samples=400&noise=0.1&hidden=16-16&epochs=120', done: 'done' },
  { file: 'playground-overfitting.png', hash: '#view=classifier&dataset=moons&samples=80&noise=0.45&hidden=64-64&lr=0.01&batchSize=8&epochs=150&earlyStopping=15&seed=3', done: 'done' },
  { file: 'playground-classifier-ko.png', hash: '#view=classifier&lang=ko&epochs=60', done: 'done' },
  { file: 'playground-batch-size.png', hash: '#view=sharpness', done: '[data-result="sharpness"]' },
  { file: 'playground-bias-variance.png', hash: '#view=bias-variance', done: '[data-result="bias-variance"]' },
  { file: 'playground-ensembles.png', hash: '#view=ensembles', done: '[data-stat="bagging"]' },
  { file: 'playground-cv-ko.png', hash: '#view=cv&lang=ko', done: '[data-result="cv"]' },
];

mkdirSync(out, { recursive: true });
const server = await serveStatic({ '/': join(root, 'dist') });
const browser = await launchChromium();
try {
  for (const s of SHOTS) {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`${server.url}/${s.hash}`);
    if (s.done === 'done') await page.waitForFunction(() => globalThis.__playground.done, null, { timeout: 120_000 });
    else await page.waitForSelector(s.done, { timeout: 120_000 });
    // one more animation frame so the last result is drawn
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await page.screenshot({ path: join(out, s.file) });
    console.log(`wrote docs/screenshots/${s.file}`);
    await page.close();
  }
} finally {
  await browser.close();
  await server.close();
}
