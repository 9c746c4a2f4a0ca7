import { describe, expect, it } from 'vitest';
import { DescentError } from '@descent/optim-wasm';
import { loadIris } from '../data/bundled-node.js';
import { takeLabels, takeRows } from '../data/loader.js';
import { stratifiedKFold } from '../selection/stratified-kfold.js';
import { defineJob, executeJob, jobKey, runJobs, serialRunner, type JobRunner, type JobSpec } from './jobs.js';
import { canonicalJson } from './json.js';

const iris = loadIris();

/** Nearest-centroid classifier: predict the class whose training mean is closest (squared L2). */
function nearestCentroidAccuracy(trainIdx: Int32Array, testIdx: Int32Array): { correct: number; total: number } {
  const f = iris.features;
  const k = iris.classes!;
  const x = takeRows(iris.x, f, trainIdx);
  const y = takeLabels(iris.y as Int32Array, trainIdx);
  const centroid = Array.from({ length: k }, () => new Float64Array(f));
  const count = new Float64Array(k);
  for (let i = 0; i < y.length; i++) {
    count[y[i]!]!++;
    for (let j = 0; j < f; j++) centroid[y[i]!]![j]! += x[i * f + j]!;
  }
  centroid.forEach((c, cls) => c.forEach((v, j) => (c[j] = v / count[cls]!)));
  let correct = 0;
  for (const i of testIdx) {
    let best = -1;
    let bestD = Infinity;
    centroid.forEach((c, cls) => {
      let d = 0;
      for (let j = 0; j < f; j++) d += (iris.x[i * f + j]! - c[j]!) ** 2;
      if (d < bestD) (bestD = d), (best = cls);
    });
    if (best === iris.y[i]) correct++;
  }
  return { correct, total: testIdx.length };
}

// A pure job: its result depends on (config, seed) only. All folds of one CV share a seed, so
// they cut the same stratified partition.
const cvFold = defineJob('test/iris-centroid-fold', ({ k, fold }: { k: number; fold: number }, { rng }) => {
  const folds = stratifiedKFold(iris.y, k, { shuffle: true, rng });
  return nearestCentroidAccuracy(folds[fold]!.train, folds[fold]!.test);
});

const aggregate = (results: { key: string; value: { correct: number; total: number } }[]) => {
  const byKey = Object.fromEntries(results.map((r) => [r.key, r.value]));
  const correct = results.reduce((s, r) => s + r.value.correct, 0);
  const total = results.reduce((s, r) => s + r.value.total, 0);
  return { byKey, accuracy: correct / total, total };
};

describe('jobs', () => {
  const specs = [0, 1, 2, 3, 4].map((fold) => cvFold.spec({ k: 5, fold }, 2024));

  it('a cross-validation as job specs gives the same aggregate in any order and when run again', async () => {
    const first = aggregate(await runJobs(specs));
    expect(first.total).toBe(150); // every row tested once
    expect(first.accuracy).toBeGreaterThan(0.85); // nearest centroid on iris: about 0.92
    const reversed = aggregate(await runJobs([...specs].reverse()));
    const shuffled = aggregate(await runJobs([specs[3]!, specs[0]!, specs[4]!, specs[1]!, specs[2]!]));
    const again = aggregate(await runJobs(specs, serialRunner));
    for (const other of [reversed, shuffled, again]) expect(other).toEqual(first);
  });

  it('specs are plain JSON: they survive a JSON round trip with the same key and result', async () => {
    const revived = JSON.parse(JSON.stringify(specs)) as JobSpec[];
    expect(revived.map(jobKey)).toEqual(specs.map(jobKey));
    expect(await executeJob(revived[2]!)).toEqual(await cvFold.run(specs[2]!));
    expect(jobKey({ seed: 1, config: { b: 1, a: [2, { d: 0, c: 1 }] }, kind: 'x' })).toBe(
      '{"config":{"a":[2,{"c":1,"d":0}],"b":1},"kind":"x","seed":1}',
    );
    expect(canonicalJson({ z: null, a: 'q' })).toBe('{"a":"q","z":null}');
  });

  it('a pluggable runner (here: runs in reverse, answers in order) gives the same results', async () => {
    const reverseRunner: JobRunner = {
      name: 'reverse',
      async run(list) {
        const out = new Array<unknown>(list.length);
        for (let i = list.length - 1; i >= 0; i--) out[i] = await executeJob(list[i]!);
        return out;
      },
    };
    expect(aggregate(await runJobs(specs, reverseRunner))).toEqual(aggregate(await runJobs(specs)));
    const broken: JobRunner = { name: 'broken', run: async () => [] };
    await expect(runJobs(specs, broken)).rejects.toThrow(/runner 'broken' returned 0 results for 5 specs/);
  });

  it('each job gets new Rng(seed): another seed gives another partition', async () => {
    const other = [0, 1, 2, 3, 4].map((fold) => cvFold.spec({ k: 5, fold }, 7));
    const a = await runJobs(specs);
    const b = await runJobs(other);
    expect(b.map((r) => r.value)).not.toEqual(a.map((r) => r.value));
    const seeds: number[] = [];
    const probe = defineJob('test/probe-rng', (_: null, ctx) => (seeds.push(ctx.seed), ctx.rng.uniform()));
    const [x, y] = await runJobs([probe.spec(null, 5), probe.spec(null, 5)]);
    expect(x!.value).toBe(y!.value);
    expect(seeds).toEqual([5, 5]);
  });

  it('rejects specs that are not plain JSON, bad seeds, unknown kinds and redefinitions', async () => {
    await expect(runJobs([{ kind: 'test/iris-centroid-fold', config: { w: new Float32Array(2) } as never, seed: 1 }])).rejects.toThrow(
      /specs\[0\]\.config\.w is Float32Array, not plain JSON/,
    );
    await expect(runJobs([{ kind: 'k', config: { lr: NaN }, seed: 1 }])).rejects.toThrow(/specs\[0\]\.config\.lr = NaN is not a finite number/);
    await expect(runJobs([{ kind: 'k', config: {}, seed: -1 }])).rejects.toThrow(/specs\[0\]\.seed must be a non-negative integer, got -1/);
    await expect(runJobs([{ kind: '', config: {}, seed: 0 }])).rejects.toThrow(/specs\[0\]\.kind must be a non-empty string/);
    await expect(runJobs([{ kind: 'test/nope', config: {}, seed: 0 }])).rejects.toThrow(/job kind 'test\/nope' is not defined here/);
    expect(() => defineJob('test/iris-centroid-fold', () => 0)).toThrow(DescentError);
    expect(() => cvFold.spec({ k: 5, fold: () => 0 } as never, 0)).toThrow(/spec\.config\.fold is function/);
  });
});
