import { describe, expect, it } from 'vitest';
import { meanPredictorMse, mseInTargetUnits } from './target-scale.js';
import { parseCsv } from './csv.js';

describe('regression targets in their own units', () => {
  it('the mean predictor MSE is the spread around the training mean', () => {
    expect(meanPredictorMse([1, 3], [2, 2])).toBe(0);
    expect(meanPredictorMse([1, 3], [0, 4])).toBe(4);
  });

  it('an MSE of standardised targets × std² is the MSE in original units', () => {
    const d = parseCsv('x,y\n1,10.5\n2,20.5\n3,30.5\n4,40.5\n', { label: 'y', scaleTarget: true });
    const { mean, std } = d.encoding.target!;
    expect([mean, std]).toEqual([25.5, Math.sqrt(125)]);
    // predicting the training mean (0 in standard units) on every row: MSE = variance = 125
    const standardMse = Array.from(d.y).reduce((a, v) => a + v * v, 0) / d.n;
    expect(mseInTargetUnits(standardMse, d.encoding)).toBeCloseTo(125, 4);
    expect(mseInTargetUnits(2, undefined)).toBe(2);
  });
});
