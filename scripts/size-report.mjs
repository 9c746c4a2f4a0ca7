// Lines of TypeScript/AssemblyScript per workspace (tests counted apart): the line budget is visible
// on every CI run, so growth is a decision, not an accident.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const roots = ['packages/optim-wasm', 'packages/autodiff', 'packages/regularize', 'packages/train', 'packages/fanout', 'packages/cli', 'apps/playground', 'tools/conformance'];
const skip = new Set(['node_modules', 'dist', 'wasm', '.turbo']);

function walk(dir, out) {
  let entries = [];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const e of entries) {
    if (skip.has(e)) continue;
    const p = join(dir, e);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.(ts|tsx|mjs)$/.test(e) && !e.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

const count = (f) => readFileSync(f, 'utf8').split('\n').filter((l) => l.trim() !== '').length;
console.log('workspace                  src lines  test lines  files');
let total = 0;
for (const r of roots) {
  const files = walk(r, []);
  const isTest = (f) => /\.(test|property\.test|bench)\.ts$/.test(f) || f.includes('/bench/');
  const src = files.filter((f) => !isTest(f)).reduce((s, f) => s + count(f), 0);
  const test = files.filter(isTest).reduce((s, f) => s + count(f), 0);
  total += src;
  console.log(`${r.padEnd(27)}${String(src).padStart(9)}${String(test).padStart(12)}${String(files.length).padStart(7)}`);
}
console.log(`total source lines: ${total}`);
