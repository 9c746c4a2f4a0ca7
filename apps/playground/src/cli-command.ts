// The `descent` command that reproduces a view's run, written from the very config the worker runs
// (view-configs.ts): every TrainConfig field becomes its flag, so the command and the run cannot
// disagree (test/*-parity.test.ts run the built CLI and compare the bits).
import type { BiasVarianceConfig, ClassifierConfig, CvConfig, EnsembleConfig, RaceConfig, SharpnessConfig } from './config.js';
import type { AppState } from './state.js';
import { TRAIN_DEFAULTS, type TrainConfig } from '@descent/train';
import { batchSizeViewSettings, biasVarianceViewArgs, classifierTrainConfig, cvTrainConfigs, ensembleTrainConfig, type CsvName } from './view-configs.js';

const fmt = (v: number) => String(v);

/** `weightDecay` → `--weight-decay`: the CLI's flag of a config field. */
const flag = (key: string) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** A shell word: bare when safe, else single-quoted. */
export function shellWord(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The data flags of a run config. */
function dataFlags(tc: TrainConfig): string[] {
  if (tc.data !== null) return [`--data ${shellWord(tc.data)}`, `--label ${shellWord(tc.label ?? '-1')}`];
  return [`--dataset ${tc.dataset}`, `--samples ${tc.samples}`, `--noise ${fmt(tc.noise)}`];
}

/** Fields written only when they differ from `descent train`'s defaults (each is off by default). */
const OPTIONAL = ['schedule', 'gradClip', 'dropout', 'batchNorm', 'l1', 'l2', 'inputNoise', 'weightNoise', 'labelSmoothing', 'mixup', 'cutmix', 'augment', 'earlyStopping'] as const;

/** Every flag of a run config: data, model, optimizer and its options, batches, the regularizers that are on, splits. */
function trainFlags(tc: TrainConfig): string[] {
  const parts = [...dataFlags(tc), `--model ${tc.model}`, `--activation ${tc.activation}`, `--optimizer ${tc.optimizer}`];
  for (const [k, v] of Object.entries(tc.optim)) parts.push(`${flag(k)} ${Array.isArray(v) ? v.join(',') : String(v)}`);
  parts.push(`--batch-size ${tc.batchSize}`, `--epochs ${tc.epochs}`);
  for (const k of OPTIONAL) {
    const v = tc[k];
    if (v === TRAIN_DEFAULTS[k]) continue;
    parts.push(typeof v === 'boolean' ? flag(k) : `${flag(k)} ${String(v)}`);
  }
  parts.push(`--val-split ${fmt(tc.valSplit)}`, `--test-split ${fmt(tc.testSplit)}`);
  return parts;
}

/** `descent train …` for a classifier config. */
export function trainCommand(c: ClassifierConfig, csvName: CsvName = null): string {
  const tc = classifierTrainConfig(c, csvName);
  return ['descent train', ...trainFlags(tc), `--seed ${tc.seed}`].join(' ');
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

/** `descent cv …` for the cross-validation view: the run config of cvTrainConfigs, its folds and L2 candidates. */
export function cvCommand(c: CvConfig, csvName: CsvName = null): string {
  const { base } = cvTrainConfigs(c, csvName);
  return ['descent cv', ...trainFlags(base), `--folds ${c.folds}`, `--search 'l2=${c.candidates.map(fmt).join(',')}'`, `--seed ${base.seed}`].join(' ');
}

/** `descent ensemble bag … && descent ensemble boost …` for the ensembles view: bagging of ensembleTrainConfig's MLP (vote) and AdaBoost with stumps on its data. */
export function ensemblesCommand(c: EnsembleConfig, csvName: CsvName = null): string {
  const tc = ensembleTrainConfig(c, csvName);
  const tail = [`--val-split ${fmt(tc.valSplit)}`, `--test-split ${fmt(tc.testSplit)}`, `--seed ${tc.seed}`];
  const bag = ['descent ensemble bag', ...trainFlags(tc), `--seed ${tc.seed}`, `--members ${c.members}`, '--combine vote'];
  const boost = ['descent ensemble boost', ...dataFlags(tc), ...tail, '--learner stump', `--rounds ${c.rounds}`];
  return `${bag.join(' ')} && ${boost.join(' ')}`;
}

/** `descent experiment bias-variance --samples …` for the bias–variance view: every slider written out. */
export function biasVarianceCommand(c: BiasVarianceConfig): string {
  const a = biasVarianceViewArgs(c);
  return ['descent experiment bias-variance', `--samples ${a.samples}`, `--noise ${fmt(a.noise)}`, `--fits ${a.fits}`, `--degree ${a.degree}`, `--max-degree ${a.maxDegree}`, `--seed ${a.seed}`].join(' ');
}

/** `descent experiment batch-size --batch-sizes S,L …` for the batch-size view: it prints each batch size's ε-sharpness, λmax, steps and losses. */
export function batchSizeCommand(c: SharpnessConfig): string {
  const s = batchSizeViewSettings(c);
  return [
    'descent experiment batch-size',
    `--batch-sizes ${s.batchSizes.join(',')}`,
    `--dataset ${s.dataset}`,
    `--samples ${s.samples}`,
    `--noise ${fmt(s.noise)}`,
    `--model ${s.hidden.length ? `mlp:${s.hidden.join('-')}` : 'linear'}`,
    `--lr ${fmt(s.lr)}`,
    `--momentum ${fmt(s.momentum)}`,
    `--target-loss ${fmt(s.targetLoss)}`,
    `--max-epochs ${s.maxEpochs}`,
    `--epsilon ${fmt(s.epsilon)}`,
    `--seed ${s.seed}`,
  ].join(' ');
}

export interface CliCommand {
  command: string;
  /** True when the CLI reproduces this view's numbers bit for bit (same engine, same seed forks). */
  exact: boolean;
  /** The file the command reads that the user must have beside it (the dropped CSV), or null. */
  needsFile: string | null;
}

/** The `descent` command for a view (exact for every view); `csvName` is the dropped file's name, if any. */
export function cliCommand(s: AppState, csvName: CsvName = null): CliCommand {
  const usesCsv = 'dataset' in s.config && s.config.dataset === 'csv';
  const needsFile = usesCsv ? (csvName ?? 'data.csv') : null;
  const command = (() => {
    switch (s.view) {
      case 'classifier':
        return trainCommand(s.config as ClassifierConfig, csvName);
      case 'sharpness':
        return batchSizeCommand(s.config as SharpnessConfig);
      case 'cv':
        return cvCommand(s.config as CvConfig, csvName);
      case 'ensembles':
        return ensemblesCommand(s.config as EnsembleConfig, csvName);
      case 'bias-variance':
        return biasVarianceCommand(s.config as BiasVarianceConfig);
      case 'race':
        return raceCommand(s.config as RaceConfig);
    }
  })();
  return { command, exact: true, needsFile };
}
