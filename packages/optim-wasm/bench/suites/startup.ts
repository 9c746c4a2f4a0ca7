// startup: a fresh Node process to its first result. Bare Node (`js`: print a number), descent
// (import the built package, load the core, run a 2×2 matmul) and tfjs-core + the wasm backend
// (initialise it, run the same matmul). The goal is descent ≤ 40 ms above bare Node.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Contender, ContenderName, Suite } from '../harness.js';
import { tfWasmDir } from '../peers.js';

const pkgDir = fileURLToPath(new URL('../..', import.meta.url));
// The published entry (the one-file bundle), as a user's import would load it.
const dist = new URL('../../dist/esm/index.js', import.meta.url);

const SCRIPTS: Record<'js' | 'descent' | 'tfjs-wasm', () => string> = {
  js: () => 'console.log(19)',
  descent: () => `
    const m = await import(${JSON.stringify(dist.href)});
    const core = m.loadCoreSync();
    const be = m.createWasmBackend(core);
    const c = be.matmul(core.fromArray([1, 2, 3, 4]), core.fromArray([5, 6, 7, 8]), { m: 2, k: 2, n: 2 });
    console.log(c.read()[0]);`,
  'tfjs-wasm': () => `
    const tf = await import('@tensorflow/tfjs-core');
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    tf.enableProdMode();
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    wasm.setWasmPaths(${JSON.stringify(tfWasmDir())});
    await tf.setBackend('wasm');
    console.log(tf.matMul(tf.tensor2d([1, 2, 3, 4], [2, 2]), tf.tensor2d([5, 6, 7, 8], [2, 2])).dataSync()[0]);`,
};

function startContender(name: 'js' | 'descent' | 'tfjs-wasm'): Contender {
  const script = SCRIPTS[name]();
  return {
    name: name as ContenderName,
    run: () => {
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: pkgDir, encoding: 'utf8' });
      if (r.status !== 0 || r.stdout.trim() !== '19') {
        throw new Error(`bench: startup script for ${name} failed (status ${r.status}): ${r.stderr || r.stdout}`);
      }
    },
  };
}

export const startupSuite: Suite = {
  name: 'startup',
  description: 'fresh Node process to the first result (spawned node)',
  cases() {
    if (!existsSync(dist)) {
      throw new Error(`bench: ${fileURLToPath(dist)} is missing; build first (npm run build -w @descent/optim-wasm)`);
    }
    return [
      {
        name: 'first-result',
        unit: 'starts/s',
        work: 1,
        reps: 9,
        minSampleMs: 1,
        contenders: () => [startContender('descent'), startContender('tfjs-wasm'), startContender('js')],
      },
    ];
  },
};
