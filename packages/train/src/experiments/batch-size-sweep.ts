import { DescentError, freeState, Rng, sgd, type Optimizer } from '@descent/optim-wasm';
import { evaluate } from '../fit/evaluate.js';
import { fit } from '../fit/fit.js';
import type { FitData, Model } from '../fit/model.js';
import type { FitResult } from '../fit/types.js';
import { hessianTopEigenvalue } from '../landscape/hessian.js';
import { modelObjective } from '../landscape/model-objective.js';
import { epsSharpness } from '../landscape/sharpness.js';

/**
 * How long `batchSizeSweep` trains each batch size: to the same training loss ('target-loss',
 * Keskar's protocol) or for the same number of epochs ('fixed-epochs').
 */
export type SweepProtocol = 'target-loss' | 'fixed-epochs';

/**
 * What `batchSizeSweep` trains and measures. Errors: a DescentError ('bad-arg') for an unknown
 * protocol, a negative or non-integer seed, an empty `batchSizes` or one below 1, `targetLoss` ≤
 * 0, or a missing or non-integer `maxEpochs` / `epochs`.
 */
export interface BatchSizeSweepOptions {
  /** Builds the model from an rng; every batch size gets `new Rng(seed).fork('init')`: the same initial weights. */
  model: (rng: Rng) => Model;
  train: FitData;
  test: FitData;
  batchSizes: readonly (number | 'full')[];
  seed: number;
  /** Default `sgd({ lr: 0.1, momentum: 0.9 })`, the same lr for every batch size (Keskar's setting). */
  optimizer?: Optimizer<any>;
  /** 'target-loss' (default, Keskar): train until the full training loss < `targetLoss`, at most `maxEpochs`; 'fixed-epochs': exactly `epochs`. */
  protocol?: SweepProtocol;
  /** Default 0.01. */
  targetLoss?: number;
  /** Epoch cap of the target-loss protocol (default 500). */
  maxEpochs?: number;
  /** The budget of the fixed-epochs protocol (required there). */
  epochs?: number;
  /** ε of the ε-sharpness (default 1e-3). */
  epsilon?: number;
  /** Ascent evaluations per start (default 20). */
  ascentSteps?: number;
  /** Also measure the sharpness in a random subspace of this dimension (Keskar's A). */
  subspaceDim?: number;
  /** Power iterations for λmax (default 20). */
  hessianIterations?: number;
  /** Rows per forward pass when probing and evaluating (default: all rows). */
  evalBatchSize?: number;
  /** Observe each batch size's trained model and fit result (history) before its memory is freed. */
  onTrained?: (trained: { batchSize: number | 'full'; model: Model; fit: FitResult }) => void;
}

/** What one batch size ended with. Losses are full-set means in eval mode after training. */
export interface BatchSizeRow {
  batchSize: number | 'full';
  epochs: number;
  steps: number;
  /** Target-loss protocol: whether the full training loss went below the target before the cap. */
  reachedTarget?: boolean;
  trainLoss: number;
  trainAccuracy: number;
  testLoss: number;
  testAccuracy: number;
  /** Keskar's ε-sharpness (full space), in percent of 1 + f. */
  sharpness: number;
  sharpnessSubspace?: number;
  /** Top Hessian eigenvalue of the full training loss (power iteration on exact Hv). */
  lambdaMax: number;
}

/**
 * What `batchSizeSweep` returns: one row per batch size, in the order given, with the protocol
 * that produced them.
 */
export interface BatchSizeSweep {
  protocol: SweepProtocol;
  seed: number;
  targetLoss?: number;
  epochs?: number;
  rows: BatchSizeRow[];
  /** Caveats a reader must see next to the numbers (always set for the fixed-epochs protocol). */
  note?: string;
}

/**
 * The caveat `batchSizeSweep` puts in `note` for the fixed-epochs protocol: a larger batch takes
 * fewer steps, so its sharpness is confounded with less training.
 */
export const FIXED_BUDGET_NOTE =
  'fixed epoch budget: a larger batch takes fewer optimizer steps in the same epochs and ends at a higher training loss, ' +
  'so its sharpness difference is confounded with less optimisation (compare trainLoss across rows; use the target-loss protocol to separate them)';

/**
 * The large-batch experiment of Keskar et al. (2017): train the same model from the same
 * initialisation and data order seed at each batch size (same optimizer and lr), then measure on
 * the training set the ε-sharpness 100·(max_{|δᵢ|≤ε(|θᵢ|+1)} f(θ+δ) − f(θ))/(1 + f(θ)) and the top
 * Hessian eigenvalue, and the final train/test loss and accuracy. The default protocol trains
 * each run to the same training loss (the target, checked on the full training set after each
 * epoch) so sharpness is compared at matched loss; the fixed-epochs protocol adds a `note`.
 *
 * @example batchSizeSweep({ model: (rng) => mlp({ inputs: 64, hidden: [128, 128], outputs: 10, rng }), train, test, batchSizes: [16, 'full'], seed: 0 })
 */
export function batchSizeSweep(o: BatchSizeSweepOptions): BatchSizeSweep {
  const op = 'batchSizeSweep';
  const protocol = o.protocol ?? 'target-loss';
  if (protocol !== 'target-loss' && protocol !== 'fixed-epochs') throw new DescentError('bad-arg', `${op}: protocol must be 'target-loss' or 'fixed-epochs', got ${String(protocol)}`);
  if (!Number.isInteger(o.seed) || o.seed < 0) throw new DescentError('bad-arg', `${op}: seed must be a non-negative integer, got ${String(o.seed)}`);
  if (!Array.isArray(o.batchSizes) || o.batchSizes.length === 0) throw new DescentError('bad-arg', `${op}: batchSizes must be a non-empty array`);
  o.batchSizes.forEach((b, i) => {
    if (b !== 'full' && (!Number.isInteger(b) || b < 1)) throw new DescentError('bad-arg', `${op}: batchSizes[${i}] must be an integer >= 1 or 'full', got ${String(b)}`);
  });
  const target = o.targetLoss ?? 0.01;
  if (!(target > 0)) throw new DescentError('bad-arg', `${op}: targetLoss must be > 0, got ${target}`);
  const epochs = protocol === 'target-loss' ? o.maxEpochs ?? 500 : o.epochs;
  if (!Number.isInteger(epochs) || epochs! < 1) {
    throw new DescentError('bad-arg', `${op}: ${protocol === 'target-loss' ? 'maxEpochs' : 'epochs (required for fixed-epochs)'} must be an integer >= 1, got ${String(epochs)}`);
  }
  const optimizer = o.optimizer ?? sgd({ lr: 0.1, momentum: 0.9 });
  const evalBatch = o.evalBatchSize ?? Math.max(o.train.n, o.test.n);

  const rows = o.batchSizes.map((batchSize): BatchSizeRow => {
    const model = o.model(new Rng(o.seed).fork('init'));
    let reached = false;
    const result = fit(model, o.train, {
      optimizer,
      epochs: epochs!,
      batchSize,
      seed: o.seed,
      callbacks:
        protocol === 'target-loss'
          ? [(ctx) => {
              if (evaluate(model, o.train, { batchSize: evalBatch, confusion: false }).loss < target) {
                reached = true;
                ctx.stop(`training loss < ${target}`);
              }
            }]
          : [],
    });
    if (result.error) throw new DescentError('non-finite', `${op}: batch size ${batchSize}: ${result.error.message}`);
    const tr = evaluate(model, o.train, { batchSize: evalBatch, confusion: false });
    const te = evaluate(model, o.test, { batchSize: evalBatch, confusion: false });
    const objective = modelObjective({ model, data: o.train, batchSize: evalBatch });
    const sharp = epsSharpness(objective, { epsilon: o.epsilon ?? 1e-3, steps: o.ascentSteps ?? 20 });
    const row: BatchSizeRow = {
      batchSize,
      epochs: result.epochs,
      steps: result.steps,
      trainLoss: tr.loss,
      trainAccuracy: tr.accuracy!,
      testLoss: te.loss,
      testAccuracy: te.accuracy!,
      sharpness: sharp.sharpness,
      lambdaMax: hessianTopEigenvalue(objective, { rng: new Rng(o.seed).fork('hessian'), iterations: o.hessianIterations ?? 20 }).eigenvalue,
    };
    if (protocol === 'target-loss') row.reachedTarget = reached;
    if (o.subspaceDim !== undefined) {
      row.sharpnessSubspace = epsSharpness(objective, {
        epsilon: o.epsilon ?? 1e-3,
        steps: o.ascentSteps ?? 20,
        subspace: { dim: o.subspaceDim, rng: new Rng(o.seed).fork('subspace') },
      }).sharpness;
    }
    o.onTrained?.({ batchSize, model, fit: result });
    freeState(result.optimizerState);
    result.arena.free();
    return row;
  });

  return sweepOf(protocol, o.seed, rows, target, epochs!);
}

/**
 * A sweep from its rows (in batch-size order; rows of separate runs, e.g. jobs, too): the
 * target-loss protocol notes the batch sizes that missed the target within the `epochs` cap, the
 * fixed-epochs protocol always carries FIXED_BUDGET_NOTE.
 */
export function sweepOf(protocol: SweepProtocol, seed: number, rows: BatchSizeRow[], target: number, epochs: number): BatchSizeSweep {
  const out: BatchSizeSweep = { protocol, seed, rows };
  if (protocol === 'target-loss') {
    out.targetLoss = target;
    const missed = rows.filter((r) => !r.reachedTarget).map((r) => r.batchSize);
    if (missed.length > 0) {
      out.note = `batch sizes ${missed.join(', ')} did not reach training loss < ${target} within ${epochs} epochs: their sharpness is confounded with less optimisation`;
    }
  } else {
    out.epochs = epochs;
    out.note = FIXED_BUDGET_NOTE;
  }
  return out;
}
