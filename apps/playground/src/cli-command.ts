// The `descent` command that reproduces a view's run. The classifier maps field for field onto
// `descent train` (same seed forks, same defaults), so the CLI's numbers are the playground's.
import { NO_REGULARIZERS, type BiasVarianceConfig, type ClassifierConfig, type CvConfig, type EnsembleConfig, type RaceConfig } from './config.js';
import type { AppState } from './state.js';

const fmt = (v: number) => String(v);

/** `descent train …` for a classifier config; flags at their CLI default are still written when they matter. */
export function trainCommand(c: ClassifierConfig): string {
  const parts = ['descent train'];
  if (c.dataset === 'csv') parts.push('--data dropped.csv --label -1');
  else parts.push(`--dataset ${c.dataset}`, `--samples ${c.samples}`, `--noise ${fmt(c.noise)}`);
  parts.push(`--model ${c.hidden.length ? `mlp:${c.hidden.join('-')}` : 'linear'}`, `--activation ${c.activation}`);
  parts.push(`--optimizer ${c.optimizer}`, `--lr ${fmt(c.lr)}`);
  if ((c.optimizer === 'sgd' || c.optimizer === 'rmsprop') && c.momentum > 0) parts.push(`--momentum ${fmt(c.momentum)}`);
  parts.push(`--batch-size ${c.batchSize <= 0 ? 'full' : c.batchSize}`, `--epochs ${c.epochs}`);
  if (c.dropout > 0) parts.push(`--dropout ${fmt(c.dropout)}`);
  if (c.batchNorm) parts.push('--batch-norm');
  if (c.l1 > 0) parts.push(`--l1 ${fmt(c.l1)}`);
  if (c.l2 > 0) parts.push(`--l2 ${fmt(c.l2)}`);
  if (c.inputNoise > 0) parts.push(`--input-noise ${fmt(c.inputNoise)}`);
  if (c.weightNoise > 0) parts.push(`--weight-noise ${fmt(c.weightNoise)}`);
  if (c.labelSmoothing > 0) parts.push(`--label-smoothing ${fmt(c.labelSmoothing)}`);
  if (c.mixup > 0) parts.push(`--mixup ${fmt(c.mixup)}`);
  if (c.earlyStopping > 0) parts.push(`--early-stopping ${c.earlyStopping}`);
  parts.push(`--val-split ${fmt(c.valSplit)}`, `--test-split ${fmt(c.testSplit)}`, `--seed ${c.seed}`);
  return parts.join(' ');
}

/**
 * `descent experiment optimizers --function …` for a race: every setting written out (the
 * start as `--start=X,Y` so a negative X is not read as a flag); the CLI runs the same engine
 * (@descent/train's runRace), so its --json trajectories and losses are the view's, bit for bit.
 */
export function raceCommand(c: RaceConfig): string {
  return [
    'descent experiment optimizers',
    `--function ${c.fn}`,
    `--start=${fmt(c.x0)},${fmt(c.y0)}`,
    `--steps ${c.steps}`,
    `--lr ${fmt(c.lr)}`,
    `--momentum ${fmt(c.momentum)}`,
    `--beta1 ${fmt(c.beta1)}`,
    `--beta2 ${fmt(c.beta2)}`,
    `--eps ${fmt(c.eps)}`,
    `--rho ${fmt(c.rho)}`,
    `--alpha ${fmt(c.alpha)}`,
    `--optimizers ${c.racers.join(',')}`,
  ].join(' ');
}

/** The data and network flags of a cv / ensembles config (the fields of @descent/train's TrainConfig they set). */
function netFlags(c: CvConfig | EnsembleConfig): string[] {
  const data = c.dataset === 'csv' ? ['--data dropped.csv --label -1'] : [`--dataset ${c.dataset}`, `--samples ${c.samples}`, `--noise ${fmt(c.noise)}`];
  return [
    ...data,
    `--model ${c.hidden.length ? `mlp:${c.hidden.join('-')}` : 'linear'}`,
    '--activation relu --optimizer adam',
    `--lr ${fmt(c.lr)}`,
    `--batch-size ${c.batchSize <= 0 ? 'full' : c.batchSize}`,
    `--epochs ${c.epochs}`,
  ];
}

/**
 * `descent cv …` for the cross-validation view: the CLI runs the same engine (@descent/train's
 * crossValidate) on the same TrainConfig (engine/cv.ts cvTrainConfigs), so its --json fold
 * scores, choice, refit and sealed test score are the view's, bit for bit.
 */
export function cvCommand(c: CvConfig): string {
  return ['descent cv', ...netFlags(c), '--val-split 0 --test-split 0.3', `--folds ${c.folds}`, `--search 'l2=${c.candidates.map(fmt).join(',')}'`, `--seed ${c.seed}`].join(' ');
}

/**
 * `descent ensemble bag … && descent ensemble boost …` for the ensembles view: bagging of the
 * view's MLP (vote) and AdaBoost with stumps, the same engine (@descent/train's runBagging /
 * runBoosting) on the same TrainConfig (engine/ensembles.ts ensembleTrainConfig).
 */
export function ensemblesCommand(c: EnsembleConfig): string {
  const tail = ['--val-split 0 --test-split 0.25', `--seed ${c.seed}`];
  const bag = ['descent ensemble bag', ...netFlags(c), ...tail, `--members ${c.members}`, '--combine vote'];
  const data = c.dataset === 'csv' ? ['--data dropped.csv --label -1'] : [`--dataset ${c.dataset}`, `--samples ${c.samples}`, `--noise ${fmt(c.noise)}`];
  const boost = ['descent ensemble boost', ...data, ...tail, '--learner stump', `--rounds ${c.rounds}`];
  return `${bag.join(' ')} && ${boost.join(' ')}`;
}

/**
 * `descent experiment bias-variance --samples … --seed …` for the bias–variance view: every
 * slider written out; the CLI runs the same engine (@descent/train's runBiasVariance, the 2-D
 * part derived from the same sliders), so its --json fits, terms, U-curve and disagreement are
 * the view's, bit for bit.
 */
export function biasVarianceCommand(c: BiasVarianceConfig): string {
  return [
    'descent experiment bias-variance',
    `--samples ${c.samples}`,
    `--noise ${fmt(c.noise)}`,
    `--fits ${c.fits}`,
    `--degree ${c.degree}`,
    `--max-degree ${c.maxDegree}`,
    `--seed ${c.seed}`,
  ].join(' ');
}

export interface CliCommand {
  command: string;
  /** True when the CLI reproduces this view's numbers bit for bit (same engine, same seed forks). */
  exact: boolean;
}

/** The `descent` command for a view: exact for every view (the race, the classifier, the batch-size, the bias–variance, the cv and the ensembles runs). */
export function cliCommand(s: AppState): CliCommand {
  switch (s.view) {
    case 'classifier':
      return { command: trainCommand(s.config as ClassifierConfig), exact: true };
    case 'sharpness': {
      const c = s.config as AppState<'sharpness'>['config'];
      const base: ClassifierConfig = {
        ...SHARP_BASE,
        dataset: c.dataset,
        samples: c.samples,
        noise: c.noise,
        hidden: c.hidden,
        lr: c.lr,
        epochs: c.epochs,
        seed: c.seed,
        batchSize: c.smallBatch,
      };
      return { command: `${trainCommand(base)} && ${trainCommand({ ...base, batchSize: c.largeBatch })}`, exact: true };
    }
    case 'cv':
      return { command: cvCommand(s.config as AppState<'cv'>['config']), exact: true };
    case 'ensembles':
      return { command: ensemblesCommand(s.config as AppState<'ensembles'>['config']), exact: true };
    case 'bias-variance':
      return { command: biasVarianceCommand(s.config as AppState<'bias-variance'>['config']), exact: true };
    case 'race':
      return { command: raceCommand(s.config as AppState<'race'>['config']), exact: true };
  }
}

/** The fixed parts of the batch-size runs (SGD without momentum, no regularizers, 30% test). */
export const SHARP_BASE: ClassifierConfig = {
  dataset: 'moons',
  samples: 400,
  noise: 0.3,
  hidden: [32, 32],
  activation: 'relu',
  optimizer: 'sgd',
  lr: 0.1,
  momentum: 0,
  batchSize: 8,
  epochs: 40,
  ...NO_REGULARIZERS,
  valSplit: 0,
  testSplit: 0.3,
  seed: 7,
};
