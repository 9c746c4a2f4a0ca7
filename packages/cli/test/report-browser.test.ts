import { chromiumMissing, launchChromium, serveStatic } from '@descent/browser-test';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCli, descent, tmp } from './helpers.js';

const missing = chromiumMissing();

beforeAll(() => buildCli());

describe('report.html in headless Chromium', () => {
  it.skipIf(missing)('renders its plots: non-blank screenshot, visible SVG lines, no console errors, no network', async () => {
    const dir = tmp();
    expect((await descent(['train', '--dataset', 'iris', '--model', 'mlp:8', '--epochs', '4', '--quiet', '--out', 'train'], dir)).code).toBe(0);
    expect((await descent(['experiment', 'optimizers', '--quick', '--quiet', '--out', 'race'], dir)).code).toBe(0);
    const server = await serveStatic({ '/': dir });
    const browser = await launchChromium();
    try {
      for (const run of ['train', 'race']) {
        const page = await browser.newPage({ viewport: { width: 1000, height: 1200 } });
        const errors: string[] = [];
        const requests: string[] = [];
        page.on('console', (m) => {
          if (m.type() === 'error') errors.push(m.text());
        });
        page.on('pageerror', (e) => errors.push(String(e)));
        page.on('request', (r) => requests.push(r.url()));
        await page.goto(`${server.url}/${run}/report.html`);
        const info = await page.evaluate(() => {
          const svgs = [...document.querySelectorAll('svg')];
          const lines = [...document.querySelectorAll('svg polyline')].map((p) => p.getBoundingClientRect());
          return { svgs: svgs.length, sized: svgs.filter((s) => s.getBoundingClientRect().width > 100).length, lines: lines.filter((r) => r.width > 5 || r.height > 5).length };
        });
        expect(info.svgs, run).toBeGreaterThanOrEqual(3);
        expect(info.sized, run).toBe(info.svgs);
        expect(info.lines, run).toBeGreaterThan(2);
        const shot = await page.screenshot({ fullPage: false });
        // a blank page compresses to a few kB; plots with axes, text and lines do not
        expect(shot.length, run).toBeGreaterThan(30_000);
        expect(errors, run).toEqual([]);
        expect(requests.filter((u) => !u.startsWith(server.url)), run).toEqual([]);
        await page.close();
      }
    } finally {
      await browser.close();
      await server.close();
    }
  }, 60_000);
});
