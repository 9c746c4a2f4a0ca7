// The copied `descent train` command reproduces the classifier view's numbers bit for bit: the
// built CLI and the playground's session (the code the worker runs) give identical metrics.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { trainCommand } from '../src/cli-command.js';
import type { ClassifierConfig } from '../src/config.js';
import { runClassifier } from '../src/engine/classifier.js';
import { DEFAULTS } from '../src/state.js';

const CLI = join(import.meta.dirname, '..', '..', '..', 'packages', 'cli', 'dist', 'main.js');
const missing = existsSync(CLI) ? null : `the CLI is not built (${CLI}); run npm run build`;

function cliEpochs(c: ClassifierConfig): { trainLoss: number; valLoss?: number; trainAccuracy?: number }[] {
  const out = mkdtempSync(join(tmpdir(), 'playground-cli-'));
  try {
    const args = trainCommand(c).split(' ').slice(2);
    const r = spawnSync(process.execPath, [CLI, 'train', ...args, '--quiet', '--out', join(out, 'run')], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    return readFileSync(join(out, 'run', 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const CASES: [string, ClassifierConfig][] = [
  ['the default moons run', { ...DEFAULTS.classifier, epochs: 4 }],
  [
    'SGD with momentum, full batch, batch norm, dropout, L2, input and weight noise, Mixup, label smoothing, early stopping',
    { ...DEFAULTS.classifier, dataset: 'circles', optimizer: 'sgd', momentum: 0.9, lr: 0.1, batchSize: 0, epochs: 6, batchNorm: true, dropout: 0.2, l2: 0.001, inputNoise: 0.1, weightNoise: 0.02, mixup: 0.4, labelSmoothing: 0.1, earlyStopping: 2 },
  ],
  ['spirals with RMSprop, batch size 1, L1', { ...DEFAULTS.classifier, dataset: 'spirals', samples: 60, optimizer: 'rmsprop', lr: 0.01, batchSize: 1, epochs: 3, l1: 0.001, hidden: [16] }],
];

describe('the copied CLI command reproduces the view', () => {
  // a parity test fails, never skips, when what it compares is missing
  it('has the built CLI to compare with', () => expect(missing).toBeNull());
  for (const [name, c] of CASES) {
    it(`${name}: epoch losses and accuracies are identical`, () => {
      const mine = runClassifier(c).epochs;
      const cli = cliEpochs(c);
      expect(cli.map((e) => e.trainLoss)).toEqual(mine.map((e) => e.trainLoss));
      expect(cli.map((e) => e.valLoss ?? null)).toEqual(mine.map((e) => e.valLoss));
      expect(cli.map((e) => e.trainAccuracy)).toEqual(mine.map((e) => e.trainAcc));
    }, 60_000);
  }
});
