import type { TabularEncoding } from './tabular-encoding.js';

/**
 * MSE of the mean predictor on `y`: mean((y − ȳ_train)²), ȳ_train the mean of the training
 * targets. A regression model is only useful below this line. Sums run in f64.
 */
export function meanPredictorMse(trainY: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < trainY.length; i++) s += trainY[i]!;
  const m = s / trainY.length;
  let q = 0;
  for (let i = 0; i < y.length; i++) q += (y[i]! - m) ** 2;
  return q / y.length;
}

/** An MSE of standardised targets back in the target's own units (× std²); unchanged when the target was not scaled. */
export function mseInTargetUnits(mse: number, encoding: TabularEncoding | undefined): number {
  const std = encoding?.target?.std ?? 1;
  return mse * std * std;
}
