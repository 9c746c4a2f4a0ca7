// Arrows point down: optim-wasm ← autodiff ← regularize ← train ← (fanout) ← cli/playground.
// A src/ file may import only @descent packages its package.json declares, and only lower layers.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const layers: Record<string, number> = {
  '@descent/optim-wasm': 0,
  '@descent/autodiff': 1,
  '@descent/regularize': 2,
  '@descent/train': 3,
  '@descent/fanout': 3.5,
  '@descent/cli': 4,
  '@descent/playground': 5,
  '@descent/conformance': 5,
};
const workspaces = ['packages/optim-wasm', 'packages/autodiff', 'packages/regularize', 'packages/train', 'packages/fanout', 'packages/cli', 'apps/playground', 'tools/conformance'];

function sources(dir: string): string[] {
  let out: string[] = [];
  let entries: string[] = [];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const e of entries) {
    if (e === 'node_modules' || e === 'dist') continue;
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out = out.concat(sources(p));
    else if (/\.tsx?$/.test(e) && !/\.(test|bench)\.ts$/.test(e)) out.push(p);
  }
  return out;
}

export function importViolations(workspace: string): string[] {
  const pkg = JSON.parse(readFileSync(join(root, workspace, 'package.json'), 'utf8'));
  const declared = new Set(Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies }));
  const mine = layers[pkg.name] ?? 99;
  const problems: string[] = [];
  for (const file of sources(join(root, workspace, 'src'))) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"](@descent\/[a-z-]+)/g)) {
      const dep = m[1]!;
      const rel = file.slice(root.length + 1);
      if (dep === pkg.name) problems.push(`${rel}: imports its own package ${dep}`);
      else if (!declared.has(dep)) problems.push(`${rel}: imports ${dep}, which ${pkg.name} does not declare`);
      if ((layers[dep] ?? -1) >= mine && dep !== pkg.name) problems.push(`${rel}: imports ${dep} against the direction of the arrows`);
    }
  }
  return problems;
}

describe('import guards', () => {
  for (const ws of workspaces) {
    it(`${ws} imports only declared, lower @descent packages`, () => {
      expect(importViolations(ws)).toEqual([]);
    });
  }
});
