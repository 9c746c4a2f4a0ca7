// Same seed, same bits: the probes computed in Node and in headless Chromium's Web Worker must agree
// exactly (compared as float32 bit patterns).
import { build } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { chromiumMissing, launchChromium, serveStatic } from '@descent/browser-test';
import { loadCoreSync } from '../src/core/loader.js';
import { runProbes } from './bit-probes.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const missing = chromiumMissing();
const dir = mkdtempSync(join(tmpdir(), 'descent-bits-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function bits(xs: number[]): number[] {
  return [...new Uint32Array(Float64Array.from(xs).buffer)]; // f64: the JavaScript-side probes are f64
}

describe('Node and Chromium give the same bits', () => {
  // a parity test fails, never skips, when what it compares is missing
  it('probes agree bit for bit', async () => {
    expect(missing).toBeNull();
    await build({ entryPoints: [join(here, 'browser-entry.ts')], bundle: true, format: 'esm', outfile: join(dir, 'worker.js'), logLevel: 'silent' });
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>bits</title>');
    const server = await serveStatic({ '/wasm/': join(here, '..', 'wasm'), '/': dir });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(`${server.url}/index.html`);
      const seed = 20261128;
      const result = await page.evaluate(
        ({ seed }) =>
          new Promise<any>((resolve) => {
            const w = new Worker('/worker.js', { type: 'module' });
            w.onmessage = (e) => resolve(e.data);
            w.onerror = (e) => resolve({ ok: false, error: e.message });
            w.postMessage({ wasmUrl: '/wasm/descent-simd.wasm', seed });
          }),
        { seed },
      );
      expect(errors).toEqual([]);
      expect(result.error).toBeUndefined();
      const node = runProbes(loadCoreSync({ variant: 'simd' }), seed);
      expect(Object.keys(result.results).sort()).toEqual(Object.keys(node).sort());
      for (const [name, values] of Object.entries(node)) {
        expect(values.length, name).toBeGreaterThan(0);
        expect(bits(result.results[name]), name).toEqual(bits(values));
      }
    } finally {
      await browser.close();
      await server.close();
    }
  }, 120_000);
});
