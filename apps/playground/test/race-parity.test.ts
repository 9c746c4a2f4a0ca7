// The race view's copied `descent experiment optimizers --function …` command reproduces the
// view's race bit for bit: the built CLI's --json trajectories and losses equal @descent/train's
// runRace (the code the playground's worker steps) on the same settings, compared as f32 bits.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runRace, type RaceTrack } from '@descent/train';
import { describe, expect, it } from 'vitest';
import { cliCommand, raceCommand } from '../src/cli-command.js';
import type { RaceConfig } from '../src/config.js';
import { DEFAULTS, parseHash } from '../src/state.js';

const CLI = join(import.meta.dirname, '..', '..', '..', 'packages', 'cli', 'dist', 'main.js');
const missing = existsSync(CLI) ? null : `the CLI is not built (${CLI}); run npm run build`;

function cliRace(c: RaceConfig): { tracks: RaceTrack[]; settings: RaceConfig } {
  const out = mkdtempSync(join(tmpdir(), 'playground-race-'));
  try {
    const words = raceCommand(c).split(' ');
    expect(words.slice(0, 3)).toEqual(['descent', 'experiment', 'optimizers']);
    const r = spawnSync(process.execPath, [CLI, 'experiment', 'optimizers', ...words.slice(3), '--json', '--quiet', '--out', join(out, 'run')], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as { experiment: string; tracks: RaceTrack[]; settings: RaceConfig };
    expect(json.experiment).toBe('optimizers');
    return json;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** The f32 bit patterns of a list of f32 values (x, y iterates and rounded losses). */
const bits = (v: readonly number[]) => Array.from(new Uint32Array(Float32Array.from(v).buffer));

const CASES: [string, RaceConfig][] = [
  ['the default race (quadratic, every optimizer)', DEFAULTS.race],
  [
    'Rosenbrock from a clicked start with every slider moved',
    { ...DEFAULTS.race, fn: 'rosenbrock', x0: -1.523, y0: 2.317, lr: 0.00316, momentum: 0.8, beta1: 0.85, beta2: 0.99, eps: 1e-6, rho: 0.95, alpha: 0.9, steps: 400, racers: ['sgd', 'nesterov', 'adadelta', 'rmsprop', 'adam', 'radam'] },
  ],
  ['the saddle with a diverging SGD beside Adam and Adagrad', { ...DEFAULTS.race, fn: 'saddle', x0: -1.8, y0: 0.01, lr: 3, steps: 200, racers: ['sgd', 'adagrad', 'adam'] }],
  ['Beale and Himmelblau settings read back from a URL', parseHash('#view=race&fn=himmelblau&x0=-0.3&y0=-0.9&lr=0.0178&racers=momentum,adamw,nadam,adamax&steps=250').config as RaceConfig],
];

describe('the race view\'s CLI command reproduces it exactly', () => {
  // a parity test fails, never skips, when what it compares is missing
  it('has the built CLI to compare with', () => expect(missing).toBeNull());
  it('the copy button calls it exact', () => {
    const s = parseHash('#view=race');
    expect(cliCommand(s)).toEqual({ command: raceCommand(DEFAULTS.race), exact: true, needsFile: null });
  });
  for (const [name, c] of CASES) {
    it(`${name}: every iterate and loss is bit-identical`, () => {
      const mine = runRace(c);
      const cli = cliRace(c);
      if (name.includes('diverging')) expect(mine[0]!.diverged).not.toBeNull();
      expect(cli.settings).toEqual(c);
      expect(cli.tracks.map((t) => t.optimizer)).toEqual(c.racers);
      for (const [i, t] of mine.entries()) {
        const u = cli.tracks[i]!;
        expect(u.diverged, t.optimizer).toBe(t.diverged);
        expect(u.loss.length, t.optimizer).toBe(t.loss.length);
        expect(bits(u.loss), t.optimizer).toEqual(bits(t.loss));
        expect(bits(u.path.flat()), t.optimizer).toEqual(bits(t.path.flat()));
        expect(u.loss, t.optimizer).toEqual(t.loss);
      }
    }, 60_000);
  }
});
