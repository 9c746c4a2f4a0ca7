import { Rng } from '@descent/optim-wasm';
import { biasVarianceSweep, DIGITS_BATCH_SIZE_DEFAULTS, digitsBatchSizeJob, holdoutSplit, loadDigits, parseHidden, sweepOf, type DigitsBatchSizeConfig, type DigitsBatchSizeResult } from '@descent/train';
import { loadDataset } from '../data/load.js';
import { runData } from '../fanout/job-data.js';
import { fanoutRunner, fanoutValues } from '../fanout/runner.js';
import { configWith, needClasses, onUserData, userData, type Experiment, type ExperimentContext } from './context.js';

/**
 * Sharp vs flat minima (Keskar et al. 2017), through train's `batchSizeSweep`: the same MLP from
 * the same initialisation trained with SGD + momentum (lr 0.1, 0.9, unscaled) at each batch size
 * until the full training loss is below the target (epoch cap), then ε-sharpness and Hessian λmax
 * on the training set, and train/test loss and accuracy. Digits scaled to [0, 1], stratified 80/20.
 */
export const batchSizeExperiment: Experiment = {
  name: 'batch-size',
  takesData: true,
  summary: 'batch size vs sharpness (Keskar protocol: train to a target loss with SGD+momentum)',
  async run(ctx: ExperimentContext) {
    const q = ctx.quick;
    const model = ctx.data['model'];
    const setup = {
      hidden: typeof model === 'string' ? parseHidden(model) : q ? [64] : [128, 128],
      batchSizes: (q ? [32, 256, 'full'] : [16, 64, 256, 'full']) as (number | 'full')[],
      targetLoss: q ? 0.05 : 0.01,
      maxEpochs: q ? 60 : 300,
      ascentSteps: q ? 10 : 20,
      hessianIterations: q ? 10 : 20,
    };
    // the lecture's digits scaled to [0, 1]; the user's data standardised on its training rows
    const own = userData(ctx) ? configWith(onUserData(ctx, {})) : null;
    const d = own ? loadDataset(own) : loadDigits();
    needClasses('batch-size', d);
    const split = holdoutSplit(d.n, { test: 0.2, stratify: d.y, rng: new Rng(ctx.seed).fork('split') });
    const arch = `MLP ${[d.features, ...setup.hidden, d.classes].join('-')}`;
    ctx.progress.line(`batch-size: sweeping ${setup.batchSizes.join(', ')} (${arch} on ${d.name}, target loss ${setup.targetLoss}, cap ${setup.maxEpochs} epochs)`);
    // each batch size is one job (train's digits batch-size kind, on the user's data when given)
    const source = own ? await runData(own) : null;
    const job = digitsBatchSizeJob();
    const point: Omit<DigitsBatchSizeConfig, 'batchSize'> = {
      ...DIGITS_BATCH_SIZE_DEFAULTS,
      hidden: setup.hidden,
      lr: 0.1,
      momentum: 0.9,
      protocol: 'target-loss',
      targetLoss: setup.targetLoss,
      maxEpochs: setup.maxEpochs,
      epsilon: 1e-3,
      ascentSteps: setup.ascentSteps,
      hessianIterations: setup.hessianIterations,
      inputScale: own ? 'standardize' : 'unit',
      testFraction: 0.2,
      record: true,
      ...(own && source ? { data: source.forSeed(own, own.seed) as DigitsBatchSizeConfig['data'] & object } : {}),
    };
    const specs = setup.batchSizes.map((batchSize) => job.spec({ ...point, batchSize }, ctx.seed, `batch ${batchSize}`));
    const points = await fanoutValues<DigitsBatchSizeResult>(specs, ctx.fanout, source?.blobs);
    // artifacts: each batch size's epochs and final weights
    for (const p of points) {
      const size = p.batchSize === 'full' ? split.train.length : p.batchSize;
      const tag = { batchSize: size, full: p.batchSize === 'full', seed: ctx.seed };
      ctx.metrics(p.trained!.history.map((h) => ({ ...tag, ...h, epoch: h.epoch + 1 })));
      ctx.keep(`batch-${size}`, { meta: { ...tag, model: arch, optimizer: 'sgd', lr: 0.1, momentum: 0.9, epochs: p.epochs, steps: p.steps, stopReason: p.trained!.stopReason }, tensors: p.trained!.tensors });
    }
    const sweep = sweepOf('target-loss', ctx.seed, points.map(({ seed: _seed, note: _note, trained: _trained, ...row }) => row), setup.targetLoss, setup.maxEpochs);
    const nTrain = split.train.length;
    const results = sweep.rows.map((r) => ({
      batchSize: r.batchSize === 'full' ? nTrain : r.batchSize,
      full: r.batchSize === 'full',
      sharpness: r.sharpness,
      lambdaMax: r.lambdaMax,
      trainLoss: r.trainLoss,
      trainAccuracy: r.trainAccuracy,
      testLoss: r.testLoss,
      testAccuracy: r.testAccuracy,
      epochs: r.epochs,
      steps: r.steps,
      reachedTarget: r.reachedTarget ?? null,
    }));
    for (const r of results) ctx.progress.line(`batch-size ${r.batchSize}: sharpness ${r.sharpness.toFixed(3)} λmax ${r.lambdaMax.toFixed(3)} test acc ${(r.testAccuracy * 100).toFixed(2)}%`);
    const x = results.map((r) => r.batchSize);
    return {
      experiment: 'batch-size',
      title: 'Experiment: batch size and sharpness',
      results,
      figures: [
        { type: 'line', title: 'ε-sharpness (ε = 1e-3) vs batch size', xLabel: 'batch size', yLabel: 'sharpness (%)', logX: true, markers: true, series: [{ name: 'ε-sharpness', x, y: results.map((r) => r.sharpness) }] },
        { type: 'line', title: 'Hessian λmax vs batch size', xLabel: 'batch size', yLabel: 'λmax', logX: true, markers: true, series: [{ name: 'λmax', x, y: results.map((r) => r.lambdaMax) }] },
        { type: 'line', title: 'Accuracy vs batch size', xLabel: 'batch size', yLabel: 'accuracy', logX: true, markers: true, series: [
          { name: 'train', x, y: results.map((r) => r.trainAccuracy) },
          { name: 'test', x, y: results.map((r) => r.testAccuracy), dashed: true },
        ] },
      ],
      notes: [
        `Protocol ${sweep.protocol}: each batch size trains from the same initialisation (seed ${ctx.seed}) with SGD lr 0.1, momentum 0.9 until the full training loss < ${setup.targetLoss} (at most ${setup.maxEpochs} epochs), ${arch}, ${userData(ctx) ? `${d.name} standardised on its training rows` : 'digits scaled to [0, 1]'}.`,
        'PyTorch reference (MLP 64-128-128-10, batch 16/64/256/full, target 0.01, 3 seeds): ε-sharpness 0.11 → 0.74 → 1.61 → 2.44, λmax 0.18 → 1.0 → 2.7 → 5.3.',
        ...(sweep.note ? [sweep.note] : []),
      ],
    };
  },
};

/** The bias–variance U-curve over polynomial degree (train's `biasVarianceSweep`). */
export const biasVarianceExperiment: Experiment = {
  name: 'bias-variance',
  summary: 'the bias–variance U-curve over polynomial degree on a noisy sine',
  async run(ctx: ExperimentContext) {
    const capacities = ctx.quick ? [0, 1, 3, 5, 7, 9] : [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
    const members = ctx.quick ? 20 : 100;
    const sweep = await biasVarianceSweep({ capacities, members, seed: ctx.seed, family: 'polynomial', runner: fanoutRunner(ctx.fanout) });
    const results = sweep.rows.map((r) => ({ capacity: r.capacity, bias2: r.bias2, variance: r.variance, noise: r.noise, expectedError: r.expectedError, testMse: r.testMse }));
    // closed-form fits have no epochs: one metrics row per degree; the models kept are the bagged
    // (mean) predictors of each degree on the test grid
    ctx.metrics(results.map((r) => ({ phase: 'u-curve', members, ...r })));
    ctx.keep('mean-predictors', {
      meta: { task: sweep.task, members, capacities, family: 'polynomial' },
      tensors: [{ name: 'grid', shape: [sweep.grid.length], data: Float32Array.from(sweep.grid) }, ...sweep.rows.map((r) => ({ name: `mean/degree-${r.capacity}`, shape: [sweep.grid.length], data: Float32Array.from(r.perPoint.meanPrediction) }))],
    });
    const best = results.reduce((a, b) => (b.expectedError < a.expectedError ? b : a));
    ctx.progress.line(`bias-variance: lowest expected error at degree ${best.capacity} (${best.expectedError.toFixed(4)})`);
    const x = results.map((r) => r.capacity);
    return {
      experiment: 'bias-variance',
      title: 'Experiment: the bias–variance U-curve',
      results,
      figures: [
        {
          type: 'line',
          title: 'Bias², variance and expected error vs polynomial degree',
          xLabel: 'degree',
          yLabel: 'squared error',
          logY: true,
          markers: true,
          series: [
            { name: 'bias²', x, y: results.map((r) => r.bias2) },
            { name: 'variance', x, y: results.map((r) => r.variance) },
            { name: 'noise σ²', x, y: results.map((r) => r.noise), dashed: true },
            { name: 'expected error', x, y: results.map((r) => r.expectedError) },
            { name: 'test MSE', x, y: results.map((r) => r.testMse), dashed: true },
          ],
        },
      ],
      notes: [
        `Noisy sine (n = ${sweep.task.n}, σ = ${sweep.task.noise}); ${members} bootstrap fits per degree (least squares, Chebyshev basis), evaluated on ${sweep.grid.length} grid points. Expected error = bias² + variance + σ²; lowest at degree ${best.capacity}.`,
      ],
    };
  },
};
