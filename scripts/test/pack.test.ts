// Every public package must work on its own, as a user gets it: pack the packages once, install the
// tarballs into a project outside the workspace, then (a) import and train from plain Node ESM,
// (b) bundle with esbuild (--bundle --format=esm --platform=browser, no configuration) and
// (c) build with Vite (no configuration), each bundle training XOR in Chromium. Same seed, so the
// three must agree bit for bit with Node.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumMissing, launchChromium, serveStatic } from '@descent/browser-test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const publicPackages = ['optim-wasm', 'autodiff', 'regularize', 'train', 'fanout', 'cli'];
const work = mkdtempSync(join(tmpdir(), 'descent-pack-'));
const app = join(work, 'app');
afterAll(() => rmSync(work, { recursive: true, force: true }), 60_000); // the installed tree is large: slow to delete on a loaded machine

// One program for every target: train a small MLP on XOR and publish loss and accuracy.
const XOR_APP = `import { init, adam, Rng } from '@descent/optim-wasm';
import { xor, mlp, fit, evaluate } from '@descent/train';

async function main() {
  await init();
  const rng = new Rng(0);
  const data = xor({ n: 200, noise: 0, rng: rng.fork('data') });
  const model = mlp({ inputs: 2, hidden: [16], outputs: 2, rng: rng.fork('model') });
  fit(model, data, { optimizer: adam({ lr: 0.05 }), epochs: 60, batchSize: 32, seed: 0 });
  const { accuracy, loss } = evaluate(model, data);
  return { accuracy, loss };
}

main().then(
  (r) => (typeof document === 'undefined' ? console.log(JSON.stringify(r)) : (globalThis.__result = r)),
  (e) => (typeof document === 'undefined' ? Promise.reject(e) : (globalThis.__result = { error: String(e) })),
);
`;
const HTML = (src: string) => `<!doctype html><html><body><script type="module" src="${src}"></script></body></html>`;

beforeAll(() => {
  const tarDir = join(work, 'tarballs');
  mkdirSync(tarDir);
  const workspaces = publicPackages.flatMap((p) => ['-w', `packages/${p}`]);
  execFileSync('npm', ['pack', '--silent', '--pack-destination', tarDir, ...workspaces], { cwd: root, stdio: 'pipe' });
  const tarballs = readdirSync(tarDir).map((f) => join(tarDir, f));
  expect(tarballs).toHaveLength(publicPackages.length);
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', ...tarballs], { cwd: app, stdio: 'pipe' });
  writeFileSync(join(app, 'xor.mjs'), XOR_APP);
}, 180_000);

/** Node's result for the XOR program: the oracle the browser bundles must equal. */
let nodeResult: { accuracy: number; loss: number } | undefined;
function xorInNode() {
  nodeResult ??= JSON.parse(execFileSync('node', ['xor.mjs'], { cwd: app, encoding: 'utf8' }).trim());
  return nodeResult!;
}

let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
afterAll(async () => browser?.close());

async function xorInChromium(dir: string): Promise<unknown> {
  const server = await serveStatic({ '/': dir });
  browser ??= await launchChromium();
  const page = await browser.newPage();
  try {
    await page.goto(`${server.url}/index.html`);
    const handle = await page.waitForFunction(() => (globalThis as { __result?: unknown }).__result, null, { timeout: 60_000 });
    return await handle.jsonValue();
  } finally {
    await page.close();
    await server.close();
  }
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' });
}

describe('packages are consumable on their own', () => {
  it('import from plain Node ESM (the .wasm loads from the installed package)', () => {
    const script = [
      ...publicPackages.map((p, i) => `import * as m${i} from '@descent/${p}';`),
      `const core = m0.loadCoreSync();`,
      `const b = core.alloc(5).fill(3);`,
      `console.log(JSON.stringify({ sum: [...b.read()].reduce((a, x) => a + x, 0), variant: core.variant, modules: [${publicPackages.map((_, i) => `typeof m${i}`).join(',')}] }));`,
    ].join('\n');
    writeFileSync(join(app, 'main.mjs'), script);
    const out = JSON.parse(execFileSync('node', ['main.mjs'], { cwd: app, encoding: 'utf8' }).trim());
    expect(out).toEqual({ sum: 15, variant: 'simd', modules: publicPackages.map(() => 'object') });
  });

  it('Node: trains XOR to 100 % training accuracy', () => {
    const r = xorInNode();
    expect(r.accuracy).toBe(1);
    expect(r.loss).toBeLessThan(0.05);
  });

  it.skipIf(chromiumMissing() !== null)('esbuild --bundle --format=esm --platform=browser: trains XOR in Chromium, same bits as Node', async () => {
    const { build } = await import('esbuild');
    const out = join(app, 'esbuild-out');
    await build({ entryPoints: [join(app, 'xor.mjs')], bundle: true, format: 'esm', platform: 'browser', outfile: join(out, 'main.js'), logLevel: 'silent' });
    writeFileSync(join(out, 'index.html'), HTML('./main.js'));
    const bundle = readFileSync(join(out, 'main.js'), 'utf8');
    expect(bundle).not.toMatch(/from\s*["']node:/);
    expect(await xorInChromium(out)).toEqual(xorInNode());
  }, 120_000);

  it.skipIf(chromiumMissing() !== null)('Vite build: trains XOR in Chromium, same bits as Node, no bundled datasets shipped', async () => {
    const { build } = await import('vite');
    const site = join(app, 'vite-site');
    mkdirSync(site);
    cpSync(join(app, 'xor.mjs'), join(site, 'xor.mjs'));
    writeFileSync(join(site, 'index.html'), HTML('./xor.mjs'));
    await build({ root: site, logLevel: 'silent', configFile: false, build: { outDir: join(site, 'dist') } });
    const files = filesUnder(join(site, 'dist'));
    expect(files.some((f) => f.endsWith('.wasm'))).toBe(true);
    expect(files.filter((f) => /\.(csv|gz)$/.test(f))).toEqual([]);
    expect(await xorInChromium(join(site, 'dist'))).toEqual(xorInNode());
  }, 120_000);
});
