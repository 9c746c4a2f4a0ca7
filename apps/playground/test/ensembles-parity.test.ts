// The ensembles view's copied `descent ensemble bag … && descent ensemble boost …` reproduces the
// view bit for bit: the built CLI's --json member and vote accuracies (bagging) and per-round
// weighted errors, α, sample weights and test accuracies (AdaBoost with stumps) equal runEnsembles's
// (the code the playground's worker runs: @descent/train's runBagging / runBoosting).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliCommand, ensemblesCommand } from '../src/cli-command.js';
import type { EnsembleConfig } from '../src/config.js';
import { runEnsembles } from '../src/engine/ensembles.js';
import { ensembleTrainConfig } from '../src/view-configs.js';
import { DEFAULTS, parseHash } from '../src/state.js';

const CLI = join(import.meta.dirname, '..', '..', '..', 'packages', 'cli', 'dist', 'main.js');
const missing = existsSync(CLI) ? null : `the CLI is not built (${CLI}); run npx turbo build --filter=@descent/cli`;

const shellWords = (command: string) => (command.match(/'[^']*'|\S+/g) ?? []).map((w) => w.replace(/^'(.*)'$/, '$1'));
/** The f32 bit patterns of a list of numbers. */
const bits = (v: readonly number[]) => Array.from(new Uint32Array(Float32Array.from(v).buffer));

interface Run {
  json: Record<string, any>;
  config: Record<string, unknown>;
}

/** Run each `descent ensemble …` of the copied `a && b` command; their --json objects and config.json. */
function cliEnsembles(c: EnsembleConfig): Run[] {
  const out = mkdtempSync(join(tmpdir(), 'playground-ensembles-'));
  try {
    return ensemblesCommand(c)
      .split(' && ')
      .map((cmd, i) => {
        const words = shellWords(cmd);
        expect(words.slice(0, 3)).toEqual(['descent', 'ensemble', i === 0 ? 'bag' : 'boost']);
        const dir = join(out, `run-${i}`);
        const r = spawnSync(process.execPath, [CLI, ...words.slice(1), '--json', '--quiet', '--out', dir], { encoding: 'utf8' });
        expect(r.status, r.stderr).toBe(0);
        return { json: JSON.parse(r.stdout), config: JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) };
      });
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const CASES: [string, EnsembleConfig][] = [
  ['the default view (moons, 9 members, 20 rounds)', DEFAULTS.ensembles],
  ['spirals with two hidden layers, full batch, 4 members, 35 rounds', { ...DEFAULTS.ensembles, dataset: 'spirals', samples: 200, noise: 0.2, hidden: [16, 8], lr: 0.01, batchSize: 0, epochs: 10, members: 4, rounds: 35, seed: 2 }],
  ['blobs (three classes) read back from a shared URL', parseHash('#view=ensembles&dataset=blobs&samples=150&members=3&rounds=8&hidden=4&lr=0.1&batchSize=10&epochs=5&seed=12').config as EnsembleConfig],
];

describe("the ensembles view's CLI commands reproduce it exactly", () => {
  // a parity test fails, never skips, when what it compares is missing
  it('has the built CLI to compare with', () => expect(missing).toBeNull());
  it('the copy button calls them exact', () => {
    expect(cliCommand(parseHash('#view=ensembles'))).toEqual({ command: ensemblesCommand(DEFAULTS.ensembles), exact: true, needsFile: null });
    expect(ensemblesCommand(DEFAULTS.ensembles)).toBe(
      'descent ensemble bag --dataset moons --samples 300 --noise 0.3 --model mlp:8 --activation relu --optimizer adam --lr 0.03 --batch-size 32 --epochs 30 --val-split 0 --test-split 0.25 --seed 7 --members 9 --combine vote' +
        ' && descent ensemble boost --dataset moons --samples 300 --noise 0.3 --val-split 0 --test-split 0.25 --seed 7 --learner stump --rounds 20',
    );
  });
  for (const [name, c] of CASES) {
    it(`${name}: bagging's votes and AdaBoost's rounds are bit-identical`, () => {
      const mine = runEnsembles(c, null);
      const [bag, boost] = cliEnsembles(c);
      const tc = ensembleTrainConfig(c);
      expect({ ...bag!.config, name: tc.name }).toMatchObject({ ...tc, kind: 'ensemble', method: 'bag', learner: 'net' });
      expect(boost!.config).toMatchObject({ dataset: tc.dataset, samples: tc.samples, noise: tc.noise, testSplit: tc.testSplit, seed: tc.seed, method: 'boost', learner: 'stump' });
      // bagging: member m alone and the vote of all members on the test rows
      const rows = bag!.json['results'] as { members: number; memberTestAccuracy: number; voteTestAccuracy: number }[];
      expect(rows.map((r) => r.members)).toEqual(Array.from({ length: c.members }, (_, i) => i + 1));
      expect(rows.map((r) => r.memberTestAccuracy)).toEqual(mine.bagging.memberAccuracy);
      expect(rows[rows.length - 1]!.voteTestAccuracy).toBe(mine.bagging.accuracy);
      expect(bag!.json['ensemble']).toBe(mine.bagging.accuracy);
      // AdaBoost: every round's error, α, sample weights and test accuracy
      const rounds = boost!.json['results'] as { round: number; weightedError: number; alpha: number; testAccuracy: number }[];
      expect(rounds.map((r) => r.round)).toEqual(mine.boosting.map((r) => r.round));
      expect(rounds.map((r) => r.weightedError)).toEqual(mine.boosting.map((r) => r.error));
      expect(rounds.map((r) => r.alpha)).toEqual(mine.boosting.map((r) => r.alpha));
      expect(bits(rounds.map((r) => r.alpha))).toEqual(bits(mine.boosting.map((r) => r.alpha)));
      expect(rounds.map((r) => r.testAccuracy)).toEqual(mine.boosting.map((r) => r.accuracy));
      expect(boost!.json['weights']).toEqual(mine.boosting.map((r) => r.weights));
      expect(mine.boosting[0]!.weights).toHaveLength(mine.points.split.filter((s) => s === 0).length);
    }, 120_000);
  }
});
