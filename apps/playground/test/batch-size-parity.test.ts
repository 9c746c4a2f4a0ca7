// The batch-size view's copied `descent experiment batch-size --batch-sizes …` reproduces the view
// bit for bit: the built CLI's --json rows (steps, losses, ε-sharpness, λmax) and the line between
// the solutions equal runSharpness's (the code the playground's worker runs: @descent/train's
// runBatchSizeView), and its printed summary shows the ε-sharpness the view's table shows.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { batchSizeCommand, cliCommand } from '../src/cli-command.js';
import type { SharpnessConfig } from '../src/config.js';
import { runSharpness } from '../src/engine/batch-size.js';
import { DEFAULTS, parseHash } from '../src/state.js';
import { fmt } from '../src/ui/dom.js';

const CLI = join(import.meta.dirname, '..', '..', '..', 'packages', 'cli', 'dist', 'main.js');

/** The CLI's stdout for the copied command (plus `extra` flags). */
function cli(c: SharpnessConfig, extra: string[]): string {
  // a parity test fails, never skips, when what it compares is missing
  expect(existsSync(CLI), `the CLI is not built (${CLI}); run npm run build`).toBe(true);
  const out = mkdtempSync(join(tmpdir(), 'playground-batch-'));
  try {
    const words = batchSizeCommand(c).split(' ');
    expect(words.slice(0, 3)).toEqual(['descent', 'experiment', 'batch-size']);
    const r = spawnSync(process.execPath, [CLI, ...words.slice(1), ...extra, '--out', join(out, 'run')], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    return r.stdout;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const CASES: [string, SharpnessConfig][] = [
  ['the default view (moons, batch 8 vs full, target loss 0.05)', DEFAULTS.sharpness],
  ['circles, batch 4 vs 64, one hidden layer, read back from a shared URL', parseHash('#view=sharpness&dataset=circles&samples=120&noise=0.1&hidden=12&lr=0.05&momentum=0.5&smallBatch=4&largeBatch=64&targetLoss=0.2&maxEpochs=40&epsilon=0.001&seed=3').config as SharpnessConfig],
];

describe("the batch-size view's CLI command reproduces it exactly", () => {
  it('the copy button gives it, marked exact', () => {
    expect(cliCommand(parseHash('#view=sharpness')).command).toBe(batchSizeCommand(DEFAULTS.sharpness));
    expect(cliCommand(parseHash('#view=sharpness')).exact).toBe(true);
  });
  for (const [name, c] of CASES) {
    it(`${name}: rows and line are bit-identical; the summary prints the view's sharpness`, () => {
      const mine = runSharpness(c);
      const json = JSON.parse(cli(c, ['--json', '--quiet']));
      const rows = json['results'] as Record<string, number>[];
      expect(rows.map((r) => r['batch'])).toEqual(mine.runs.map((r) => r.batch));
      for (const k of ['steps', 'epochs', 'trainLoss', 'testLoss', 'trainAccuracy', 'testAccuracy', 'sharpness', 'lambdaMax'] as const) {
        const view = mine.runs.map((r) => (k === 'trainAccuracy' ? r.trainAcc : k === 'testAccuracy' ? r.testAcc : r[k]));
        expect(rows.map((r) => r[k]), k).toEqual(view);
      }
      expect(json['line']).toEqual(mine.line);
      // the human-readable summary: one line per batch size with the sharpness the table shows
      const lines = cli(c, ['--quiet']).split('\n').filter((l) => l.startsWith('batch '));
      expect(lines).toHaveLength(2);
      lines.forEach((l, i) => {
        const printed = Number(/ε-sharpness ([\d.e+-]+) %/.exec(l)?.[1]);
        expect(fmt(printed, 4)).toBe(fmt(mine.runs[i]!.sharpness, 4));
      });
    }, 180_000);
  }
  it('on the view’s defaults the small batch ends flatter than the full batch, both at the target loss', () => {
    const r = runSharpness(DEFAULTS.sharpness);
    expect(r.runs.every((x) => x.reachedTarget)).toBe(true);
    expect(r.runs[0]!.sharpness).toBeLessThan(r.runs[1]!.sharpness);
    expect(r.runs[0]!.lambdaMax).toBeLessThan(r.runs[1]!.lambdaMax);
  }, 120_000);
});
