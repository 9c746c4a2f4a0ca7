import { biasVariance, kFold, outOfBag } from '@descent/train';
import { Unsupported, type Adapter } from '../adapter.js';
import type { Check } from '../compare.js';
import { data, type FixtureCase, type FixtureTensor } from '../fixtures.js';

/** Rows of a [B, n] fixture tensor. */
function rows(t: FixtureTensor): number[][] {
  const [b, n] = t.shape as [number, number];
  const flat = data(t);
  return Array.from({ length: b }, (_, i) => flat.slice(i * n, (i + 1) * n));
}

function kfold(c: FixtureCase): Check[] {
  const { n, k, shuffle } = c.inputs as { n: number; k: number; shuffle: boolean };
  if (shuffle) throw new Unsupported('kfold with shuffle=true depends on numpy RandomState');
  const folds = kFold(n, k, { shuffle: false });
  const expected = c.expected.folds as { train: number[]; test: number[] }[];
  const checks: Check[] = [{ name: 'folds.length', actual: folds.length, expected: expected.length, exact: true }];
  expected.forEach((e, f) => {
    checks.push({ name: `folds[${f}].train`, actual: folds[f]?.train ?? [], expected: e.train, exact: true });
    checks.push({ name: `folds[${f}].test`, actual: folds[f]?.test ?? [], expected: e.test, exact: true });
  });
  return checks;
}

function bootstrapOob(c: FixtureCase): Check[] {
  const n = c.inputs.n as number;
  const expected = c.expected.oob as number[][];
  const samples = rows(c.inputs.samples as FixtureTensor);
  const checks: Check[] = [{ name: 'oob.length', actual: samples.length, expected: expected.length, exact: true }];
  samples.forEach((s, b) => checks.push({ name: `oob[${b}]`, actual: outOfBag(n, s), expected: expected[b]!, exact: true }));
  return checks;
}

function biasVarianceCase(c: FixtureCase): Check[] {
  const r = biasVariance({
    predictions: rows(c.inputs.predictions as FixtureTensor),
    fTrue: data(c.inputs.f_true as FixtureTensor),
    noiseVariance: c.inputs.noise_variance as number,
  });
  const e = c.expected;
  const t = (name: string) => data(e[name] as FixtureTensor);
  return [
    { name: 'mean_prediction', actual: r.meanPrediction, expected: t('mean_prediction') },
    { name: 'bias2', actual: r.bias2, expected: t('bias2') },
    { name: 'variance', actual: r.variance, expected: t('variance') },
    { name: 'noise', actual: r.noise, expected: e.noise as number },
    { name: 'expected_error', actual: r.expectedError, expected: t('expected_error') },
    { name: 'avg_bias2', actual: r.avgBias2, expected: e.avg_bias2 as number },
    { name: 'avg_variance', actual: r.avgVariance, expected: e.avg_variance as number },
    { name: 'avg_expected_error', actual: r.avgExpectedError, expected: e.avg_expected_error as number },
  ];
}

/** `stats` fixtures: sklearn KFold, bootstrap out-of-bag sets, the bias–variance decomposition. */
export const stats: Adapter = (c) => {
  switch (c.family) {
    case 'kfold':
      return kfold(c);
    case 'bootstrap_oob':
      return bootstrapOob(c);
    case 'bias_variance':
      return biasVarianceCase(c);
    default:
      throw new Unsupported(`stats family '${c.family}' has no adapter yet`);
  }
};
