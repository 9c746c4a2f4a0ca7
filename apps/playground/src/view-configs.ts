// One view → run-config function per view: the worker runs what these return, and the copied
// CLI command (cli-command.ts) is written from the same values, so the two cannot disagree.
// Plain functions over train's plain data (TRAIN_DEFAULTS): safe on the main thread.
import { TRAIN_DEFAULTS, type BatchSizeViewSettings, type TrainConfig } from '@descent/train';
import type { BiasVarianceConfig, ClassifierConfig, CvConfig, EnsembleConfig, RaceConfig, SharpnessConfig } from './config.js';

/** The name of the CSV the user dropped (null before any drop): the run's `data` field and the command's `--data`. */
export type CsvName = string | null;

/** The fraction of rows sealed as the test split of the cv view (`--test-split 0.3`). */
export const CV_TEST_SPLIT = 0.3;
/** The fraction of rows kept aside to score the ensembles (`--test-split 0.25`). */
export const ENSEMBLE_TEST_SPLIT = 0.25;

/** The data fields of a run: a generated dataset, or the dropped file (label = its last column). */
function dataFields(c: { dataset: string; samples: number; noise: number }, csvName: CsvName): Pick<TrainConfig, 'dataset' | 'data' | 'label' | 'samples' | 'noise'> {
  const csv = c.dataset === 'csv';
  return { dataset: csv ? null : c.dataset, data: csv ? (csvName ?? 'data.csv') : null, label: csv ? '-1' : null, samples: c.samples, noise: c.noise };
}

const modelOf = (hidden: readonly number[]) => (hidden.length ? `mlp:${hidden.join('-')}` : 'linear');
const batchOf = (b: number): number | 'full' => (b <= 0 ? 'full' : b);

/** The optimizer options a classifier config sets (the rest are PyTorch's defaults, as in the CLI). */
function optimizerOptions(c: ClassifierConfig): Record<string, number> {
  const o: Record<string, number> = { lr: c.lr };
  if ((c.optimizer === 'sgd' || c.optimizer === 'rmsprop') && c.momentum > 0) o['momentum'] = c.momentum;
  return o;
}

/** `descent train`'s config of the classifier view (batch size 0 = full batch; early stopping needs a validation split). */
export function classifierTrainConfig(c: ClassifierConfig, csvName: CsvName = null): TrainConfig {
  return {
    ...TRAIN_DEFAULTS,
    ...c,
    name: 'playground',
    ...dataFields(c, csvName),
    model: modelOf(c.hidden),
    optim: optimizerOptions(c),
    batchSize: batchOf(c.batchSize),
    earlyStopping: c.valSplit > 0 ? c.earlyStopping : 0,
  };
}

/** What the cv and ensembles views train: their data and network settings (Adam, ReLU, no validation split). */
function networkTrainConfig(name: string, c: CvConfig | EnsembleConfig, testSplit: number, csvName: CsvName): TrainConfig {
  return {
    ...TRAIN_DEFAULTS,
    name,
    ...dataFields(c, csvName),
    model: modelOf(c.hidden),
    activation: 'relu',
    optimizer: 'adam',
    optim: { lr: c.lr },
    batchSize: batchOf(c.batchSize),
    epochs: c.epochs,
    valSplit: 0,
    testSplit,
    seed: c.seed,
  };
}

/** `descent cv`'s config of the cv view: the base run and one candidate per L2 strength (`--search 'l2=…'`). */
export function cvTrainConfigs(c: CvConfig, csvName: CsvName = null): { base: TrainConfig; candidates: TrainConfig[] } {
  const base = networkTrainConfig('playground-cv', c, CV_TEST_SPLIT, csvName);
  return { base, candidates: c.candidates.map((l2) => ({ ...base, l2 })) };
}

/** `descent ensemble`'s config of the ensembles view (bagging's members; the boosting stumps use only its data fields, splits and seed). */
export function ensembleTrainConfig(c: EnsembleConfig, csvName: CsvName = null): TrainConfig {
  return networkTrainConfig('playground-ensembles', c, ENSEMBLE_TEST_SPLIT, csvName);
}

/** `descent experiment batch-size --batch-sizes …`'s settings of the batch-size view (train's runBatchSizeView). */
export function batchSizeViewSettings(c: SharpnessConfig): BatchSizeViewSettings {
  return {
    dataset: c.dataset,
    samples: c.samples,
    noise: c.noise,
    hidden: [...c.hidden],
    lr: c.lr,
    momentum: c.momentum,
    batchSizes: [c.smallBatch, batchOf(c.largeBatch)],
    targetLoss: c.targetLoss,
    maxEpochs: c.maxEpochs,
    epsilon: c.epsilon,
    seed: c.seed,
  };
}

/** `descent experiment bias-variance --samples …`'s flags of the view: its config as it stands (train's biasVarianceSettings derives the rest). */
export const biasVarianceViewArgs = (c: BiasVarianceConfig) => ({ samples: c.samples, noise: c.noise, fits: c.fits, degree: c.degree, maxDegree: c.maxDegree, seed: c.seed });

/** `descent experiment optimizers --function …`'s settings: the race's config is train's RaceSettings. */
export const raceSettings = (c: RaceConfig) => c;
