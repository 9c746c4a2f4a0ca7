// The cross-validation view's copied `descent cv …` command reproduces the view bit for bit: the
// built CLI's --json fold scores, choice, refit and sealed test score equal runCv's (the code the
// playground's worker runs: @descent/train's crossValidate on cvTrainConfigs), floats compared
// exactly and as f32 bits; the CLI resolves the very TrainConfig the view builds.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliCommand, cvCommand } from '../src/cli-command.js';
import type { CvConfig } from '../src/config.js';
import { runCv } from '../src/engine/cv.js';
import { cvTrainConfigs } from '../src/view-configs.js';
import { DEFAULTS, parseHash } from '../src/state.js';

const CLI = join(import.meta.dirname, '..', '..', '..', 'packages', 'cli', 'dist', 'main.js');
const missing = existsSync(CLI) ? null : `the CLI is not built (${CLI}); run npx turbo build --filter=@descent/cli`;

/** Shell words of a copied command (single quotes group, as a shell would read them). */
const shellWords = (command: string) => (command.match(/'[^']*'|\S+/g) ?? []).map((w) => w.replace(/^'(.*)'$/, '$1'));

/** The f32 bit patterns of a list of numbers. */
const bits = (v: readonly number[]) => Array.from(new Uint32Array(Float32Array.from(v).buffer));

function cliCv(c: CvConfig): { json: Record<string, any>; config: Record<string, unknown> } {
  const out = mkdtempSync(join(tmpdir(), 'playground-cv-'));
  try {
    const words = shellWords(cvCommand(c));
    expect(words.slice(0, 2)).toEqual(['descent', 'cv']);
    const r = spawnSync(process.execPath, [CLI, ...words.slice(1), '--json', '--quiet', '--out', join(out, 'run')], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    return { json: JSON.parse(r.stdout), config: JSON.parse(readFileSync(join(out, 'run', 'config.json'), 'utf8')) };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const CASES: [string, CvConfig][] = [
  ['the default view (moons, 5 folds, four L2 strengths)', DEFAULTS.cv],
  ['circles, one hidden layer, full batch, a larger lr, three folds', { ...DEFAULTS.cv, dataset: 'circles', samples: 150, noise: 0.1, hidden: [16], lr: 0.05, batchSize: 0, epochs: 12, folds: 3, candidates: [0.2, 0, 0.02], seed: 11 }],
  ['a linear model on XOR read back from a shared URL', parseHash('#view=cv&dataset=xor&samples=120&noise=0.2&folds=4&candidates=0,0.0001&hidden=&lr=0.1&batchSize=8&epochs=6&seed=3').config as CvConfig],
];

describe("the cv view's CLI command reproduces it exactly", () => {
  // a parity test fails, never skips, when what it compares is missing
  it('has the built CLI to compare with', () => expect(missing).toBeNull());
  it('the copy button calls it exact', () => {
    const s = parseHash('#view=cv');
    expect(cliCommand(s)).toEqual({ command: cvCommand(DEFAULTS.cv), exact: true, needsFile: null });
    expect(cvCommand(DEFAULTS.cv)).toBe(
      "descent cv --dataset moons --samples 300 --noise 0.35 --model mlp:32-32 --activation relu --optimizer adam --lr 0.01 --batch-size 16 --epochs 30 --val-split 0 --test-split 0.3 --folds 5 --search 'l2=0,0.001,0.01,0.1' --seed 7",
    );
  });
  for (const [name, c] of CASES) {
    it(`${name}: folds, fold scores, choice, refit and sealed test are bit-identical`, () => {
      const mine = runCv(c);
      const { json, config } = cliCv(c);
      // the CLI resolved the view's TrainConfig (the run name aside)
      const { base } = cvTrainConfigs(c);
      expect({ ...config, name: base.name }).toMatchObject({ ...base, kind: 'cv', folds: c.folds });
      expect(json['results'].map((r: any) => r.l2)).toEqual(c.candidates);
      expect(json['results'].map((r: any) => r.folds)).toEqual(mine.scores.map((s) => s.perFold));
      expect(json['results'].map((r: any) => r.mean)).toEqual(mine.scores.map((s) => s.mean));
      expect(json['results'].map((r: any) => r.std)).toEqual(mine.scores.map((s) => s.std));
      expect(json['foldOf']).toEqual(Array.from(mine.foldOf));
      expect(json['pool']).toHaveLength(mine.n);
      expect(json['chosen']).toBe(mine.chosen);
      expect(json['best'].l2).toBe(c.candidates[mine.chosen]);
      expect(json['refit'].epochs).toBe(mine.refitEpochs);
      expect(json['refit'].trainLoss).toBe(mine.refitTrainLoss);
      expect(json['test']).toEqual({ loss: mine.test.loss, accuracy: mine.test.acc });
      expect(bits([json['test'].loss, json['refit'].trainLoss])).toEqual(bits([mine.test.loss, mine.refitTrainLoss]));
    }, 120_000);
  }
});
