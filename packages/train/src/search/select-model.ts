import { Rng } from '@descent/optim-wasm';
import { SealedSplit } from '../selection/sealed.js';
import { holdoutSplit } from '../selection/holdout.js';
import type { Evaluation } from '../fit/evaluate.js';
import type { FitData } from '../fit/model.js';
import { evaluateCandidate, rowsOf, searchCV, trainCandidate, type SearchOptions, type SearchResult, type TrainedCandidate } from './search-cv.js';

export interface ModelSelectionOptions extends Omit<SearchOptions, 'data'> {
  /** All rows; a test split is held out and sealed before any search. */
  data: FitData;
  /** Test fraction in (0, 1) or a row count (default 0.2), stratified for class labels. */
  testSize?: number;
}

export interface ModelSelection {
  /** Training rows (the search pool) and the sealed test split, both indices into `data`. */
  trainIndices: Int32Array;
  test: SealedSplit;
  search: SearchResult;
  /** The best configuration refitted on all training rows. */
  refit: TrainedCandidate;
  /** Evaluate the refitted model on the test rows: allowed once, a second call throws. */
  evaluateOnce(): Evaluation;
}

/**
 * The whole protocol: seal a (stratified) test split, search the candidates with k-fold CV on
 * the rest, refit the best configuration on all training rows (seeded from `seed`), and allow
 * exactly one look at the test split.
 *
 * @example const sel = await modelSelection({ data: digits, candidates, seed: 0, build, standardize: true });
 *          sel.search.best; sel.evaluateOnce().accuracy
 */
export async function modelSelection(options: ModelSelectionOptions): Promise<ModelSelection> {
  const { data } = options;
  const classes = data.y instanceof Int32Array;
  const split = holdoutSplit(data.n, { test: options.testSize ?? 0.2, rng: new Rng(options.seed).fork('test-split'), ...(classes ? { stratify: data.y } : {}) });
  const trainRows = rowsOf(data, split.train);
  const search = await searchCV({ ...options, data: trainRows });
  const refit = trainCandidate(options.build, search.best.config, trainRows, new Rng(options.seed).fork('refit'), options.standardize ?? false);
  const test = new SealedSplit(split.test, 'modelSelection test');
  return {
    trainIndices: split.train,
    test,
    search,
    refit,
    evaluateOnce: () => test.evaluateOnce((idx) => evaluateCandidate(refit, rowsOf(data, idx))),
  };
}
