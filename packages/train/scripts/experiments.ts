/**
 * Reproduces the fit / ensemble / model-selection sections of docs/experiments.md (helper H6b's
 * part; other sections of that file belong to other scripts and are left untouched).
 *
 *   npx tsx --conditions=source packages/train/scripts/experiments.ts [--only digits,bagging,adaboost,boosting,search]
 *
 * Every number below comes from this script; seeds are printed with each table.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { adam, Rng, sgd } from '@descent/optim-wasm';
import {
  accuracy,
  adaBoost,
  argmaxRows,
  bagging,
  biasVariance,
  classificationStump,
  convNet,
  evaluate,
  fit,
  gradientBoosting,
  grid,
  holdoutSplit,
  loadDigits,
  mlp,
  modelSelection,
  networkLearner,
  noisySine,
  regressionStump,
  standardize,
  subset,
  type Dataset,
  type Model,
} from '../src/index.js';

const DOC = new URL('../../../docs/experiments.md', import.meta.url);
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1]!.split(',') : undefined;
const want = (id: string) => !only || only.includes(id);
const pct = (v: number) => `${(100 * v).toFixed(2)} %`;
const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
const std = (a: number[]) => Math.sqrt(a.reduce((s, v) => s + (v - mean(a)) ** 2, 0) / a.length);
const table = (head: string[], rows: (string | number)[][]) =>
  [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');

/** Digits, stratified 80/20 split drawn from `seed`, standardised with training statistics. */
function digitsSplit(seed: number): { train: Dataset; test: Dataset } {
  const d = loadDigits();
  const s = holdoutSplit(d.n, { test: 0.2, stratify: d.y, rng: new Rng(seed).fork('split') });
  const train0 = subset(d, s.train);
  const scaler = standardize(train0);
  return { train: scaler.apply(train0), test: scaler.apply(subset(d, s.test)) };
}

function timed<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const v = fn();
  return [v, (performance.now() - t0) / 1000];
}

function digitsSection(): string {
  const rows: (string | number)[][] = [];
  const accs: Record<string, number[]> = {};
  const configs: { name: string; build: (r: Rng) => Model; opt: () => ReturnType<typeof adam>; epochs: number; seeds: number[] }[] = [
    { name: 'MLP 64-128-10 ReLU', build: (r) => mlp({ inputs: 64, hidden: [128], outputs: 10, rng: r }), opt: () => adam({ lr: 1e-3 }), epochs: 30, seeds: [0, 1, 2] },
    { name: 'MLP 64-128-128-10 ReLU', build: (r) => mlp({ inputs: 64, hidden: [128, 128], outputs: 10, rng: r }), opt: () => sgd({ lr: 0.05, momentum: 0.9 }) as never, epochs: 30, seeds: [0, 1, 2] },
    { name: 'conv 1×8×8 → 16 → 32 → 10', build: (r) => convNet({ outputs: 10, rng: r }), opt: () => adam({ lr: 1e-3 }), epochs: 30, seeds: [0] },
  ];
  for (const c of configs) {
    for (const seed of c.seeds) {
      const { train, test } = digitsSplit(seed);
      const model = c.build(new Rng(seed).fork('init'));
      const opt = c.opt();
      const [r, secs] = timed(() => fit(model, train, { optimizer: opt, epochs: c.epochs, batchSize: 32, seed }));
      const e = evaluate(model, test);
      (accs[c.name] ??= []).push(e.accuracy!);
      const optName = opt.name === 'sgd' ? 'SGD lr 0.05, momentum 0.9' : 'Adam lr 1e-3';
      rows.push([c.name, optName, seed, c.epochs, r.history.at(-1)!.trainLoss.toFixed(4), pct(r.history.at(-1)!.trainAccuracy!), pct(e.accuracy!), secs.toFixed(1)]);
    }
  }
  const summary = Object.entries(accs).map(([k, v]) => `- ${k}: test accuracy ${pct(mean(v))}${v.length > 1 ? ` ± ${pct(std(v))} (std over ${v.length} seeds)` : ''}`);
  return [
    '### Digits: MLP and small conv net (fit loop)',
    '',
    'scikit-learn digits (1,797 8×8 images), stratified 80/20 split (1,437 / 360) drawn from `new Rng(seed).fork(\'split\')`,',
    'standardised with training statistics only; batch 32, reshuffled every epoch from the seed; PyTorch default init',
    "from `new Rng(seed).fork('init')`. Train loss/accuracy are the last epoch's running means (train mode).",
    '',
    table(['model', 'optimizer', 'seed', 'epochs', 'final train loss', 'train acc', 'test acc', 'seconds'], rows),
    '',
    ...summary,
  ].join('\n');
}

function baggingSection(): string {
  const seed = 0;
  const { train, test } = digitsSplit(seed);
  const B = 10;
  const arch = (r: Rng) => mlp({ inputs: 64, hidden: [32], outputs: 10, rng: r });
  const fitOpts = { optimizer: adam({ lr: 1e-3 }), epochs: 15, batchSize: 32 };
  const singles: number[] = [];
  for (let s = 0; s < B; s++) {
    const m = arch(new Rng(100 + s));
    fit(m, train, { ...fitOpts, seed: 100 + s });
    singles.push(evaluate(m, test).accuracy!);
  }
  const [bag, secs] = timed(() => bagging({ data: train, classes: 10, members: B, learner: networkLearner({ build: arch, fit: fitOpts }), rng: seed }));
  const memberAcc = bag.memberOutputs(test.x).map((o) => accuracy(argmaxRows(o, 10), test.y));
  const oob = bag.oob();
  // variance reduction where it is large: stumps on a noisy sine, 20 training sets
  const gridX = new Float32Array(100).map((_, i) => -Math.PI + (2 * Math.PI * i) / 99);
  const fTrue = Array.from(gridX, (v) => Math.sin(v));
  const one: Float64Array[] = [];
  const bagged: Float64Array[] = [];
  for (let r = 0; r < 20; r++) {
    const d = noisySine({ n: 100, noise: 0.3, rng: 1000 + r });
    one.push(regressionStump()({ x: d.x, y: d.y, n: d.n, features: 1 }, new Rng(r)).predict(gridX));
    bagged.push(bagging({ data: d, members: 50, learner: regressionStump(), rng: r }).average(gridX));
  }
  const bv1 = biasVariance({ predictions: one, fTrue, noiseVariance: 0.09 });
  const bvB = biasVariance({ predictions: bagged, fTrue, noiseVariance: 0.09 });
  return [
    '### Bagging vs a single model',
    '',
    `Digits (split seed ${seed}), MLP 64-32-10, Adam lr 1e-3, 15 epochs, batch 32. Single models: ${B} seeds (100…${99 + B}) on the`,
    `whole training split. Bagging: ${B} members, each on a bootstrap sample (\`bagging({ members: ${B}, rng: ${seed} })\`), trained in ${secs.toFixed(1)} s.`,
    '',
    table(
      ['predictor', 'test accuracy'],
      [
        [`single model (mean ± std of ${B})`, `${pct(mean(singles))} ± ${pct(std(singles))}`],
        [`one bagging member alone, trained on its bootstrap sample (mean ± std of ${B})`, `${pct(mean(memberAcc))} ± ${pct(std(memberAcc))}`],
        ['bagging, majority vote', pct(accuracy(bag.vote(test.x), test.y))],
        ['bagging, averaged probabilities', pct(accuracy(bag.predictAverage(test.x), test.y))],
        [`bagging, out-of-bag estimate (${oob.rows} training rows)`, pct(oob.score)],
      ],
    ),
    '',
    verdict(accuracy(bag.vote(test.x), test.y), mean(singles), mean(memberAcc)),
    '',
    'Variance reduction, measured directly: regression stumps on a noisy sine (n = 100, σ = 0.3, 20 training sets with',
    'seeds 1000…1019, 100 test points on [−π, π]); bagging 50 stumps per training set (`biasVariance` over the 20 fits).',
    '',
    table(
      ['predictor', 'bias²', 'variance', 'noise', 'expected error'],
      [
        ['one stump', bv1.avgBias2.toFixed(4), bv1.avgVariance.toFixed(4), bv1.noise.toFixed(4), bv1.avgExpectedError.toFixed(4)],
        ['bagged 50 stumps', bvB.avgBias2.toFixed(4), bvB.avgVariance.toFixed(4), bvB.noise.toFixed(4), bvB.avgExpectedError.toFixed(4)],
      ],
    ),
  ].join('\n');
}

/** One sentence read off the measured numbers (so it cannot drift from them). */
function verdict(vote: number, single: number, member: number): string {
  const d = (v: number) => `${(100 * v).toFixed(2)} points`;
  if (vote > single) return `Bagging beat the mean single model by ${d(vote - single)} (members alone were ${d(single - member)} weaker than a single model).`;
  return (
    `Here bagging did not beat the mean single model (${d(single - vote)} below): each member sees only ≈63 % distinct rows and is ` +
    `${d(single - member)} weaker alone, and these small networks vary little between seeds (the std above), so averaging ` +
    'recovers the members\' loss but leaves little variance to remove. Where the base learner has high variance (below) bagging pays.'
  );
}

function adaBoostSection(): string {
  const seed = 0;
  const { train, test } = digitsSplit(seed);
  const M = 200;
  const [boost, secs] = timed(() => adaBoost({ data: train, classes: 10, rounds: M }));
  const checkpoints = [1, 2, 5, 10, 25, 50, 100, 200].filter((m) => m <= boost.rounds.length);
  const testVotes = new Float64Array(test.n * 10);
  const testAcc: number[] = [];
  boost.members.forEach((h, m) => {
    const p = argmaxRows(h.predict(test.x), 10);
    for (let i = 0; i < test.n; i++) testVotes[i * 10 + p[i]!]! += boost.rounds[m]!.alpha;
    testAcc.push(accuracy(argmaxRows(testVotes, 10), test.y));
  });
  const rows = checkpoints.map((m) => {
    const r = boost.rounds[m - 1]!;
    return [m, r.error.toFixed(4), r.alpha.toFixed(4), pct(r.trainAccuracy), pct(testAcc[m - 1]!)];
  });
  // small networks as the weak learners (boosting by weighted resampling)
  const nets = adaBoost({
    data: train,
    classes: 10,
    rounds: 5,
    rng: seed,
    learner: networkLearner({ build: (r) => mlp({ inputs: 64, hidden: [8], outputs: 10, rng: r }), fit: { optimizer: adam({ lr: 1e-2 }), epochs: 3, batchSize: 64 } }),
  });
  const netTest = nets.members.map((_, m) => {
    const votes = new Float64Array(test.n * 10);
    nets.members.slice(0, m + 1).forEach((h, j) => {
      const p = argmaxRows(h.predict(test.x), 10);
      for (let i = 0; i < test.n; i++) votes[i * 10 + p[i]!]! += nets.rounds[j]!.alpha;
    });
    return accuracy(argmaxRows(votes, 10), test.y);
  });
  return [
    '### AdaBoost SAMME rounds',
    '',
    `Digits (split seed ${seed}, standardised), K = 10, decision stumps, ν = 1, ${M} rounds (${boost.rounds.length} run, stop: ${boost.stopReason}; ${secs.toFixed(1)} s).`,
    'errₘ is the weighted training error of round m\'s stump, αₘ = ln((1 − errₘ)/errₘ) + ln 9; accuracies are of the ensemble after m rounds.',
    '',
    table(['round m', 'errₘ', 'αₘ', 'train acc', 'test acc'], rows),
    '',
    'With small networks (MLP 64-8-10, Adam lr 1e-2, 3 epochs, batch 64, rows resampled ∝ weights each round):',
    '',
    table(
      ['round m', 'errₘ', 'αₘ', 'train acc', 'test acc'],
      nets.rounds.map((r, m) => [m + 1, r.error.toFixed(4), r.alpha.toFixed(4), pct(r.trainAccuracy), pct(netTest[m]!)]),
    ),
  ].join('\n');
}

function boostingSection(): string {
  const train = noisySine({ n: 200, noise: 0.3, rng: 7 });
  const test = noisySine({ n: 1000, noise: 0.3, rng: 8 });
  const gb = gradientBoosting({ data: train, rounds: 300, learningRate: 0.1 });
  const at = [1, 10, 30, 100, 200, 300];
  const rows = at.map((m) => {
    const part = { ...gb, members: gb.members.slice(0, m) };
    const pred = new Float64Array(test.n).fill(gb.init);
    for (const h of part.members) {
      const s = h.predict(test.x);
      for (let i = 0; i < test.n; i++) pred[i]! += gb.learningRate * s[i]!;
    }
    const mse = pred.reduce((s, p, i) => s + (p - test.y[i]!) ** 2, 0) / test.n;
    return [m, gb.rounds[m - 1]!.trainMse.toFixed(4), mse.toFixed(4)];
  });
  const monotone = gb.rounds.every((r, m) => m === 0 || r.trainMse <= gb.rounds[m - 1]!.trainMse);
  return [
    '### Gradient boosting on a noisy sine',
    '',
    'y = sin x + 0.3·ε on [−π, π], 200 training points (seed 7), 1,000 test points (seed 8); regression stumps fitted to the',
    `residuals, ν = 0.1, F₀ = ȳ. Training MSE non-increasing every round: ${monotone}. The noise floor (σ²) is 0.09.`,
    '',
    table(['rounds', 'train MSE', 'test MSE'], rows),
  ].join('\n');
}

async function searchSection(): Promise<string> {
  const seed = 0;
  const d = loadDigits();
  const candidates = grid({ hidden: [[32], [128]], lr: [1e-3, 1e-2] });
  const [sel, secs] = await (async () => {
    const t0 = performance.now();
    const s = await modelSelection({
      data: d,
      candidates,
      folds: 5,
      seed,
      standardize: true,
      build: (c, rng) => ({
        model: mlp({ inputs: 64, hidden: c['hidden'] as number[], outputs: 10, rng }),
        fit: { optimizer: adam({ lr: c['lr'] as number }), epochs: 15, batchSize: 32 },
      }),
    });
    return [s, (performance.now() - t0) / 1000] as const;
  })();
  const test = sel.evaluateOnce();
  return [
    '### Model selection: grid search with 5-fold CV, refit, sealed test',
    '',
    `Digits; a stratified 20 % test split is sealed first (seed ${seed}); 5-fold stratified CV on the ${sel.trainIndices.length} training rows,`,
    'features standardised inside each fold with that fold\'s training statistics; MLP 64-h-10, Adam, 15 epochs, batch 32;',
    `${sel.search.specs.length} fold jobs (serial runner), ${secs.toFixed(1)} s in all.`,
    '',
    table(
      ['hidden', 'lr', 'CV accuracy (mean ± std)', 'fold scores'],
      sel.search.results.map((r) => [JSON.stringify(r.config['hidden']), String(r.config['lr']), `${pct(r.mean)} ± ${pct(r.std)}`, r.scores.map((s) => (100 * s).toFixed(1)).join(', ')]),
    ),
    '',
    `Best: hidden ${JSON.stringify(sel.search.best.config['hidden'])}, lr ${sel.search.best.config['lr']}; refitted on all ${sel.trainIndices.length} training rows;`,
    `sealed test evaluated once: accuracy ${pct(test.accuracy!)} (n = ${test.n}).`,
  ].join('\n');
}

function writeSection(id: string, body: string): void {
  const begin = `<!-- BEGIN h6b:${id} (generated by packages/train/scripts/experiments.ts; do not edit by hand) -->`;
  const end = `<!-- END h6b:${id} -->`;
  const block = `${begin}\n${body}\n${end}`;
  let doc = existsSync(DOC) ? readFileSync(DOC, 'utf8') : '# Experiments\n\nMeasured results, each section produced by the script named in it.\n';
  const a = doc.indexOf(`<!-- BEGIN h6b:${id} `);
  const b = doc.indexOf(end);
  doc = a >= 0 && b > a ? doc.slice(0, a) + block + doc.slice(b + end.length) : `${doc.trimEnd()}\n\n${block}\n`;
  writeFileSync(DOC, doc);
  console.log(`${body}\n`);
}

const sections: [string, () => string | Promise<string>][] = [
  ['digits', digitsSection],
  ['bagging', baggingSection],
  ['adaboost', adaBoostSection],
  ['boosting', boostingSection],
  ['search', searchSection],
];
for (const [id, fn] of sections) if (want(id)) writeSection(id, await fn());
