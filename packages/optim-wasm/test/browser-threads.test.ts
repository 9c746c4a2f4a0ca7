// Kernel threads in Chromium: a Web Worker of a cross-origin isolated page loads the
// shared-memory build with 2 and 3 threads (nested workers over one SharedArrayBuffer), splits
// every kernel, and must give the same bits as one thread in Node.
import { build } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { chromiumMissing, CROSS_ORIGIN_ISOLATION, launchChromium, serveStatic } from '@descent/browser-test';
import { loadCoreSync } from '../src/core/loader.js';
import { runProbes } from './bit-probes.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const missing = chromiumMissing();
const dir = mkdtempSync(join(tmpdir(), 'descent-threads-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const bits = (xs: number[]) => [...new Uint32Array(Float32Array.from(xs).buffer)];

describe('kernel threads in Chromium', () => {
  it('2 and 3 threads in a cross-origin isolated Web Worker give the bits of one thread in Node', async () => {
    expect(missing).toBeNull();
    await build({ entryPoints: [join(here, 'browser-entry.ts')], bundle: true, format: 'esm', outfile: join(dir, 'worker.js'), logLevel: 'silent' });
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>threads</title>');
    const server = await serveStatic({ '/wasm/': join(here, '..', 'wasm'), '/': dir }, CROSS_ORIGIN_ISOLATION);
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(`${server.url}/index.html`);
      expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
      const seed = 20261205;
      const node = runProbes(loadCoreSync({ variant: 'simd' }), seed);
      for (const threads of [2, 3]) {
        const result = await page.evaluate(
          ({ seed, threads }) =>
            new Promise<any>((resolve) => {
              const w = new Worker('/worker.js', { type: 'module' });
              w.onmessage = (e) => {
                resolve(e.data);
                w.terminate();
              };
              w.onerror = (e) => resolve({ ok: false, error: e.message });
              w.postMessage({ wasmUrl: '/wasm/descent-simd-shared.wasm', seed, threads });
            }),
          { seed, threads },
        );
        expect(result.error).toBeUndefined();
        expect(result.isolated).toBe(true);
        expect(result.threads).toBe(threads);
        expect(result.workers).toBe(threads - 1); // loadCore resolved once every nested worker served
        expect(Object.keys(result.results).sort()).toEqual(Object.keys(node).sort());
        for (const [name, values] of Object.entries(node)) expect(bits(result.results[name]), `${name} on ${threads} threads`).toEqual(bits(values));
      }
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
      await server.close();
    }
  }, 120_000);
});
