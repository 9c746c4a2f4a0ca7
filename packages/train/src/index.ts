// data: datasets, generators, CSV, standardisation, batching
export type { Dataset, Task } from './data/dataset.js';
export { validateDataset, classCounts } from './data/dataset.js';
export type { RandomSource, RngOrSeed } from './data/random.js';
export { DATASET_CITATIONS, parseDigits, parseBreastCancer, parseWine, parseIris, parsePenguins } from './data/bundled.js';
// (loadDigits, loadIris, penguinsCsv, … and checkpoints read files: they are exported from node.ts only)
export { moons, circles, spirals, xor, blobs, evenCounts, type SyntheticOptions, type BlobsOptions } from './data/synthetic.js';
export { noisySine, polynomialRegression, type RegressionDataset } from './data/regression.js';
export { parseCsv, type CsvOptions, type CsvDataset } from './data/csv.js';
export { readCsv, type CsvRecord, type CsvTable } from './data/csv-read.js';
export { meanPredictorMse, mseInTargetUnits } from './data/target-scale.js';
export { encodedFeatureNames, MISSING_POLICIES, type MissingPolicy, type TabularEncoding, type ColumnEncoding } from './data/tabular-encoding.js';
export { standardize, type Standardizer } from './data/standardize.js';
export { batches, numBatches, epochOrder, takeRows, takeLabels, subset, type BatchOptions } from './data/loader.js';
// selection: holdout, k-fold, stratified k-fold, sealed test split
export { holdoutSplit, type HoldoutOptions, type HoldoutSplit } from './selection/holdout.js';
export { kFold, type Fold, type FoldOptions } from './selection/kfold.js';
export { stratifiedKFold } from './selection/stratified-kfold.js';
export { SealedSplit, sealedHoldoutSplit } from './selection/sealed.js';
// stats: bootstrap, out-of-bag, bias-variance, ensemble disagreement
export { bootstrapSample, bootstrapSamples, outOfBag } from './stats/bootstrap.js';
export { biasVariance, type BiasVariance, type BiasVarianceInput } from './stats/bias-variance.js';
export { ensembleDisagreement, type Disagreement } from './stats/disagreement.js';
// jobs: specs as data, pluggable runners
export type { Json } from './jobs/json.js';
export {
  defineJob,
  runJobs,
  serialRunner,
  executeJob,
  jobKey,
  validateJobSpec,
  type JobSpec,
  type JobContext,
  type JobFn,
  type JobDefinition,
  type JobRunner,
  type JobResult,
  type RunOptions,
  type JobCore,
  isJobKind,
  cancelled,
} from './jobs/jobs.js';
export { JobFailedError, describeJob, errorData, jobFailure } from './jobs/failure.js';
export { toWire, fromWire } from './jobs/wire.js';
export { JOB_PROTOCOL, checkJobMessage, type JobMessage } from './jobs/message.js';
export { blobRef } from './jobs/blob.js';
export { namedJobData, csvJobData, jobDataset, parsedJobData, adoptJobData, type JobData, type ParsedJobData } from './jobs/job-data.js';
export { trainRunJob, TRAIN_RUN_JOB, type TrainRunConfig, type TrainRunResult } from './jobs/train-run-job.js';
export { registerJobs } from './jobs/builtin.js';
export { pingJob, PING_JOB } from './jobs/ping-job.js';
export { cvFoldJob, crossValidateOn, CV_FOLD_JOB, type CvFoldConfig, type RunFolds } from './jobs/cv-fold-job.js';
export {
  baggingMemberJob,
  baggingSpecs,
  baggingOn,
  finishBagging,
  BAGGING_MEMBER_JOB,
  type BaggingMemberConfig,
  type BaggingMemberResult,
  type BaggingJobsOptions,
  type BaggingOutcome,
  type RunMembers,
} from './jobs/bagging-member-job.js';
export { disagreementMemberJob, disagreementSpecs, runBiasVarianceOn, DISAGREEMENT_MEMBER_JOB, type DisagreementMemberConfig } from './jobs/disagreement-member-job.js';
// fit: the training loop, callbacks, evaluation, metrics
export { fit } from './fit/fit.js';
export type { Model, FitData, StateEntry } from './fit/model.js';
export type { EpochRecord, StopReason, FitContext, BatchInfo, Callback, CallbackLike, GradClip, FitOptions, FitResult } from './fit/types.js';
export { evaluate, predict, type EvaluateOptions, type Evaluation } from './fit/evaluate.js';
export { accuracy, argmaxRows, confusionMatrix, meanSquaredError, RunningMean } from './fit/metrics.js';
export { crossEntropyLoss, mseLossFn, type LossFn, type LossSpec } from './fit/loss.js';
export { modelArena, snapshotParams, restoreParams } from './fit/arena.js';
export { earlyStopping, progress, type ProgressEvent, type EarlyStoppingCallback } from './fit/callbacks.js';
export { reduceLrOnPlateau, epochSchedule, type Monitor, type LrPlan, type FitSchedule } from './fit/schedule.js';
export { FitSession, type StepReport } from './fit/session.js';
export type { WeightNoiseOption } from './fit/types.js';
export { crossEntropyWith } from './fit/loss.js';
export { mixupTransform, cutmixTransform, mixupCutmixTransform, type FitTransform, type InputTransform, type TargetTransform, type TrainBatch, type TransformContext, type MixTransformOptions } from './fit/transforms.js';
export { ParamGuard } from './fit/guard.js';
// models: builders
export { mlp, type MlpOptions } from './models/mlp.js';
export { convNet, type ConvNetOptions } from './models/conv-net.js';
export { Reshape } from './models/reshape.js';
export { activationModule, type ActivationName } from './models/activation.js';
// recipe: a training run as data (the CLI's and the playground's engine)
export { PLANE_DATASETS } from './recipe/defaults.js';
export { TRAIN_DEFAULTS, DATASETS, ACTIVATIONS, validateTrainConfig, defaultRunName, type TrainConfig, type DatasetName } from './recipe/config.js';
export { CONFIG_ERROR, configError, withContext, field } from './recipe/errors.js';
export { closest, editDistance, unknownName } from './recipe/suggest.js';
export { namedDataset, prepare, prepareRows, runSplit, type DataSpec, type Prepared, type Split } from './recipe/data.js';
export { csvDataset, tableDefaults, type TableSpec } from './recipe/csv-data.js';
export { buildModel, parseHidden, type ModelSpec, type DataShape } from './recipe/model.js';
export { buildOptimizer } from './recipe/optimizer.js';
export { parseSchedule, decimal, SCHEDULES } from './recipe/schedule.js';
export { batchTransform, type BatchTransformFn, type TransformSpec, type TransformedBatch } from './recipe/transforms.js';
export { Trainer, Interrupted, type EpochMetrics, type Scores, type TrainerHooks, type TrainerBatchInfo } from './recipe/trainer.js';
export { tensorsUnder, tensorNamed, modelTensors, type CheckpointContent, type NamedTensor } from './fit/checkpoint-content.js';
export { createTrainer } from './recipe/session.js';
export { releaseTrainer } from './recipe/release.js';
export { crossValidate, cvSplit, cvFold, finishCrossValidation, type CvSplit, type FoldResult, type CrossValidation, type CrossValidateOptions, type CrossValidateHooks, type CandidateScores } from './recipe/cross-validate.js';
export {
  networkMember,
  ensembleLearner,
  prepareEnsemble,
  runBagging,
  runBoosting,
  adaBoostVotesByRound,
  type EnsembleMember,
  type BagRow,
  type BagRun,
  type BoostRun,
  type AdaBoostRun,
  type GradientBoostRun,
  type AdaBoostRow,
  type GradientBoostRow,
} from './recipe/ensemble-run.js';
export { RACE_FUNCTIONS, RACERS, RACE_DEFAULTS, RACE_ADAMW_WEIGHT_DECAY, FUNCTIONS_2D, TEST_FUNCTION_NAMES, TEST_FUNCTIONS_2D, minimumOf, type RaceFunctionName, type RacerName, type RaceSettings, type Function2d, type TestFunctionName } from './recipe/race-functions.js';
export { racerOptimizer, Racer, createRace, runRace, validateRaceSettings, RACE_FAR, type RacerStep, type RaceTrack } from './recipe/race.js';
export {
  runBiasVariance,
  biasVarianceSettings,
  disagreementFor,
  validateBiasVarianceSettings,
  BIAS_VARIANCE_DEFAULTS,
  MAX_POLY_DEGREE,
  type BiasVarianceSettings,
  type DisagreementSettings,
  type BiasVarianceRun,
  type BiasVarianceTerms,
  type PlaneDisagreement,
  disagreementMember,
  disagreementFrom,
  type DisagreementMember,
} from './recipe/bias-variance-run.js';
export { polyfit, polyval } from './recipe/polyfit.js';
export { planeBounds, planeGrid } from './recipe/plane-grid.js';
// search: grid / random search with k-fold CV, refit, sealed test
export { grid, randomConfigs, type Config, type Distribution } from './search/space.js';
export { evaluateCandidate, rowsOf, trainCandidate, type BuildFn, type Candidate, type TrainedCandidate } from './search/candidate.js';
export { modelSelection, searchCV, type CandidateResult, type ModelSelection, type ModelSelectionOptions, type SearchMetric, type SearchOptions, type SearchResult } from './search/select-model.js';
// ensembles: bagging, AdaBoost SAMME, gradient boosting; stumps and small networks as learners
export { networkLearner, weightedResample, softmaxRows, type Learner, type Predictor, type TrainRows, type NetworkLearnerOptions } from './ensemble/learner.js';
export { classificationStump, regressionStump, type Stump } from './ensemble/stump.js';
export { adaBoost, type AdaBoostOptions, type AdaBoostModel, type BoostRound } from './ensemble/adaboost.js';
export { gradientBoosting, type GradientBoostingOptions, type GradientBoostingModel, type GradientBoostingRound } from './ensemble/gradient-boosting.js';
export { bagging, majorityVote, type BaggingOptions, type BaggingModel } from './ensemble/bagging.js';
// landscape: ε-sharpness, Hessian λmax, interpolation, filter-normalised slices
export { quadraticObjective, type Objective, type ParamInfo, type QuadraticOptions } from './landscape/objective.js';
export { modelObjective, type ForwardModel, type ModelObjectiveOptions, type ObjectiveData } from './landscape/model-objective.js';
export { epsSharpness, type SharpnessOptions, type SharpnessResult } from './landscape/sharpness.js';
export { hessianTopEigenvalue, type HessianEigenOptions, type HessianEigenResult } from './landscape/hessian.js';
export { linearInterpolation, type InterpolationOptions } from './landscape/interpolation.js';
export { lossSlice1d, lossSlice2d, type LandscapePoint, type SliceOptions } from './landscape/slices.js';
export { filterNormalizedDirection, type DirectionOptions } from './landscape/directions.js';
// experiments: the batch-size sweep (sharp vs flat minima), the bias–variance capacity sweep
export { batchSizeSweep, sweepOf, FIXED_BUDGET_NOTE, type BatchSizeSweep, type BatchSizeSweepOptions, type BatchSizeRow, type SweepProtocol } from './experiments/batch-size-sweep.js';
export { runBatchSizeView, BATCH_SIZE_VIEW_DEFAULTS, BATCH_SIZE_VIEW_TEST_SPLIT, type BatchSizeViewSettings, type BatchSizeViewRun } from './experiments/batch-size-view.js';
export { digitsBatchSizeJob, DIGITS_BATCH_SIZE_DEFAULTS, type DigitsBatchSizeConfig, type DigitsBatchSizeResult } from './experiments/digits-batch-size-job.js';
export {
  biasVarianceSweep,
  biasVarianceSpecs,
  biasVarianceMemberJob,
  testGrid,
  BIAS_VARIANCE_MEMBER_JOB,
  type BiasVarianceSweepOptions,
  type BiasVarianceRow,
  type SineTask,
  type MemberConfig,
} from './experiments/bias-variance-sweep.js';
export { fitAndPredict, type CapacityModel } from './experiments/capacity-models.js';
