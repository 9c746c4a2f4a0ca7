import { describe, expect, it } from 'vitest';
import { adam, DescentError, Rng, sgd } from '@descent/optim-wasm';
import { blobs } from '../data/synthetic.js';
import { executeJob, type JobRunner } from '../jobs/jobs.js';
import { mlp } from '../models/mlp.js';
import { grid, randomConfigs, type Config } from './space.js';
import type { BuildFn } from './candidate.js';
import { modelSelection, searchCV } from './select-model.js';

const data = blobs({ n: 90, centers: 3, std: 1.5, features: 2, rng: 6 });
const build: BuildFn = (c, rng: Rng) => ({
  model: mlp({ inputs: 2, hidden: c['hidden'] as number[], outputs: 3, rng }),
  fit: { optimizer: c['opt'] === 'sgd' ? sgd({ lr: c['lr'] as number }) : adam({ lr: c['lr'] as number }), epochs: c['epochs'] as number ?? 5, batchSize: 16 },
});

describe('search spaces', () => {
  it('grid is the cartesian product, last key fastest', () => {
    expect(grid({ a: [1, 2], b: ['x', 'y', 'z'] })).toEqual([
      { a: 1, b: 'x' }, { a: 1, b: 'y' }, { a: 1, b: 'z' }, { a: 2, b: 'x' }, { a: 2, b: 'y' }, { a: 2, b: 'z' },
    ]);
    expect(() => grid({ a: [] })).toThrow(/'a' must be a non-empty list/);
  });

  it('random configs are seeded and within their ranges', () => {
    const space = { lr: { logUniform: [1e-4, 1e-1] }, m: { uniform: [0, 0.9] }, width: { int: [4, 6] }, act: { choice: ['relu', 'tanh'] } } as const;
    const a = randomConfigs(space, 200, 3);
    expect(randomConfigs(space, 200, 3)).toEqual(a);
    expect(randomConfigs(space, 5, 4)).not.toEqual(a.slice(0, 5));
    for (const c of a) {
      expect(c['lr']).toBeGreaterThanOrEqual(1e-4);
      expect(c['lr']).toBeLessThan(1e-1);
      expect([4, 5, 6]).toContain(c['width']);
      expect(['relu', 'tanh']).toContain(c['act']);
    }
    // log-uniform: about half the draws below the geometric mean 10^-2.5
    const below = a.filter((c) => (c['lr'] as number) < 10 ** -2.5).length;
    expect(below).toBeGreaterThan(70);
    expect(below).toBeLessThan(130);
    expect(new Set(a.map((c) => c['width'])).size).toBe(3);
    expect(() => randomConfigs({ lr: { logUniform: [0, 1] } }, 1, 0)).toThrow(/needs lo > 0/);
  });
});

describe('searchCV', () => {
  const candidates: Config[] = grid({ hidden: [[4], [16]], lr: [0.001, 0.05], epochs: [6] });

  it('scores every candidate on every fold; mean ± std (ddof 0); best by mean; specs are JSON cv/fold jobs', async () => {
    // a runner that also re-runs spec 7 alone after the others: a job's result depends on its spec only
    let again: unknown;
    const rerun: JobRunner = {
      name: 'rerun',
      async run(specs) {
        const out: unknown[] = [];
        for (const spec of specs) out.push(await executeJob(spec));
        again = await executeJob(JSON.parse(JSON.stringify(specs[7])));
        return out;
      },
    };
    const s = await searchCV({ name: 'test', data, candidates, folds: 3, seed: 1, build, runner: rerun });
    expect(s.metric).toBe('accuracy');
    expect(s.specs).toHaveLength(12);
    const learner = (s.specs[0]!.config as { learner: string }).learner;
    expect(learner).toMatch(/^searchCV\/test\/\d+$/);
    expect(JSON.parse(JSON.stringify(s.specs[5]))).toEqual({
      kind: 'cv/fold',
      config: { split: { seed: 1, testSplit: 0, folds: 3, stratify: true }, fold: 2, candidate: candidates[1], learner },
      seed: 1,
      name: 'candidate 2 fold 3',
    });
    for (const r of s.results) {
      expect(r.scores).toHaveLength(3);
      const mean = (r.scores[0]! + r.scores[1]! + r.scores[2]!) / 3;
      expect(r.mean).toBeCloseTo(mean, 14);
      expect(r.std).toBeCloseTo(Math.sqrt(r.scores.reduce((a, v) => a + (v - mean) ** 2, 0) / 3), 14);
    }
    expect(s.best.mean).toBe(Math.max(...s.results.map((r) => r.mean)));
    // a tiny lr barely moves from the init: the larger lr must win
    expect(s.best.config['lr']).toBe(0.05);
    expect((again as { score: number }).score).toBe(s.results[2]!.scores[1]); // spec 7 = candidate 2, fold 1
    // the build function lives in the calling process for the search only: afterwards its specs name no learner
    await expect(executeJob(s.specs[7]!)).rejects.toThrow(/cv\/fold: no fold learner 'searchCV\/test\/\d+' in this process/);
  });

  it('running the jobs in another order gives the same aggregate', async () => {
    const reversed: JobRunner = {
      name: 'reversed',
      async run(specs) {
        const out: unknown[] = new Array(specs.length);
        for (let i = specs.length - 1; i >= 0; i--) out[i] = await executeJob(specs[i]!);
        return out;
      },
    };
    const opts = { data, candidates: candidates.slice(0, 2), folds: 3, seed: 2, build, standardize: true };
    const a = await searchCV(opts);
    const b = await searchCV({ ...opts, runner: reversed });
    expect(b.results).toEqual(a.results);
  });

  it('modelSelection: refit on all training rows, the sealed test split opens exactly once', async () => {
    const sel = await modelSelection({ data, candidates: grid({ hidden: [[8]], lr: [0.02, 0.05], epochs: [4] }), folds: 3, seed: 3, build, testSize: 0.2 });
    expect(sel.trainIndices).toHaveLength(72);
    expect(sel.test.size).toBe(18);
    expect(sel.refit.fit.steps).toBe(4 * Math.ceil(72 / 16));
    const e = sel.evaluateOnce();
    expect(e.n).toBe(18);
    expect(e.accuracy).toBeGreaterThan(0.5);
    expect(() => sel.evaluateOnce()).toThrow(DescentError);
    expect(() => sel.evaluateOnce()).toThrow(/already evaluated once/);
  });
});
