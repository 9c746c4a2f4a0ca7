// The copied command is written from the run's own config (view-configs.ts); a dropped CSV keeps
// its real file name, and the command says the user needs that file.
import { describe, expect, it } from 'vitest';
import { BATCH_SIZE_VIEW_DEFAULTS } from '@descent/train';
import { cliCommand, shellWord } from './cli-command.js';
import { DEFAULTS, parseHash } from './state.js';
import { batchSizeViewSettings } from './view-configs.js';

describe('the copied command after a CSV drop', () => {
  for (const view of ['classifier', 'cv', 'ensembles'] as const) {
    it(`${view}: names the dropped file, never a made-up one, and says it is needed`, () => {
      const s = parseHash(`#view=${view}&dataset=csv`);
      const c = cliCommand(s, 'penguins 2024.csv');
      expect(c.command).toContain("--data 'penguins 2024.csv' --label -1");
      expect(c.command).not.toContain('dropped.csv');
      expect(c.needsFile).toBe('penguins 2024.csv');
      // the generated-data flags are gone
      expect(c.command).not.toMatch(/--dataset|--samples|--noise/);
    });
  }
  it('a generated dataset needs no file', () => {
    expect(cliCommand(parseHash('#view=classifier'), 'x.csv').needsFile).toBeNull();
  });
  it('shell words: bare when safe, quoted otherwise', () => {
    expect(shellWord('data.csv')).toBe('data.csv');
    expect(shellWord("it's here.csv")).toBe(`'it'\\''s here.csv'`);
  });
});

describe('the batch-size view', () => {
  it("its defaults are train's runBatchSizeView defaults (the protocol that shows the effect)", () => {
    expect(batchSizeViewSettings(DEFAULTS.sharpness)).toEqual(BATCH_SIZE_VIEW_DEFAULTS);
  });
  it('copies `descent experiment batch-size --batch-sizes …`, which prints the sharpness the view shows', () => {
    expect(cliCommand(parseHash('#view=sharpness')).command).toBe(
      'descent experiment batch-size --batch-sizes 8,full --dataset moons --samples 400 --noise 0.2 --model mlp:32-32 --lr 0.1 --momentum 0.9 --target-loss 0.05 --max-epochs 300 --epsilon 0.01 --seed 7',
    );
  });
});
