import { decimal } from '@descent/train';
import { usageError } from '../errors.js';

/** How a flag's value is read. */
export type Kind = 'number' | 'int' | 'bool' | 'string' | 'numbers' | 'batch';

/** One option of `descent train` (also a key of the config file and of config.json). */
export interface OptionDef {
  key: string;
  flag: string;
  kind: Kind;
  help: string;
  /** Optimizer hyper-parameters are passed to the optimizer factory under `key`. */
  optimizer?: boolean;
}

const o = (key: string, flag: string, kind: Kind, help: string, optimizer = false): OptionDef => ({ key, flag, kind, help, optimizer });

/** Every option of a training run, in help order. */
export const TRAIN_OPTIONS: OptionDef[] = [
  o('dataset', '--dataset <name>', 'string', 'bundled or synthetic dataset: digits, breast-cancer, wine, iris, penguins, moons, circles, spirals, xor, blobs, sine'),
  o('data', '--data <file.csv>', 'string', 'your own CSV file (needs --label)'),
  o('label', '--label <name>', 'string', 'the label column of --data (a header name, or an index: -1 = last)'),
  o('drop', '--drop <cols>', 'string', 'CSV columns to leave out, comma-separated (e.g. an ID column)'),
  o('features', '--features <cols>', 'string', 'only these CSV columns are features, comma-separated'),
  o('missing', '--missing <how>', 'string', 'missing CSV cells (empty, NA, NaN, ?): error (default), drop-rows, mean, median'),
  o('task', '--task <task>', 'string', 'auto (default: detected, the rule is printed), classification or regression'),
  o('delimiter', '--delimiter <c>', 'string', "CSV field separator: one character, comma, semicolon, tab, pipe or whitespace (default: detected)"),
  o('samples', '--samples <n>', 'int', 'points of a synthetic dataset (default 600)'),
  o('noise', '--noise <sigma>', 'number', 'noise of a synthetic dataset (default 0.2)'),
  o('model', '--model <spec>', 'string', "'mlp:64-32' (hidden sizes), 'linear', or 'cnn' (small conv net for digits)"),
  o('activation', '--activation <name>', 'string', 'relu, tanh, sigmoid, gelu, elu, leaky-relu'),
  o('optimizer', '--optimizer <name>', 'string', 'sgd, adagrad, adadelta, rmsprop, adam, adamw, nadam, radam, adamax'),
  o('lr', '--lr <x>', 'number', 'learning rate (default: the optimizer\'s PyTorch default)', true),
  o('momentum', '--momentum <x>', 'number', 'SGD / RMSprop momentum', true),
  o('dampening', '--dampening <x>', 'number', 'SGD dampening', true),
  o('nesterov', '--nesterov', 'bool', 'SGD Nesterov momentum', true),
  o('betas', '--betas <b1,b2>', 'numbers', 'Adam-family betas, e.g. 0.9,0.999', true),
  o('eps', '--eps <x>', 'number', 'epsilon of the denominator', true),
  o('rho', '--rho <x>', 'number', 'Adadelta rho', true),
  o('alpha', '--alpha <x>', 'number', 'RMSprop smoothing constant', true),
  o('weightDecay', '--weight-decay <x>', 'number', 'weight decay (coupled; decoupled for adamw)', true),
  o('amsgrad', '--amsgrad', 'bool', 'Adam / AdamW AMSGrad', true),
  o('centered', '--centered', 'bool', 'centered RMSprop', true),
  o('lrDecay', '--lr-decay <x>', 'number', 'Adagrad lr decay', true),
  o('initialAccumulatorValue', '--initial-accumulator-value <x>', 'number', 'Adagrad initial accumulator', true),
  o('momentumDecay', '--momentum-decay <x>', 'number', 'NAdam momentum decay', true),
  o('decoupledWeightDecay', '--decoupled-weight-decay', 'bool', 'decoupled weight decay p -= lr*wd*p before the step (AdamW, Keras weight_decay; any optimizer)', true),
  o('nesterovForm', '--nesterov-form <form>', 'string', "SGD momentum form: pytorch (default) or keras (lr inside the velocity)", true),
  o('momentumForm', '--momentum-form <form>', 'string', "RMSprop momentum form: pytorch (default) or keras (lr inside the buffer)", true),
  o('epsInsideSqrt', '--eps-inside-sqrt', 'bool', 'Adagrad / RMSprop: eps inside the square root (TF/Keras)', true),
  o('epsHat', '--eps-hat', 'bool', "Adam / AdamW: Keras's eps-hat (eps added before bias correction)", true),
  o('epsOutsideMax', '--eps-outside-max', 'bool', 'Adamax: eps added to the denominator, not inside the max (Keras, TF.js)', true),
  o('schedule', '--schedule <spec>', 'string', "lr schedule per epoch: constant, cosine, step:30:0.1, multistep:30,60:0.1, exp:0.95, warmup:5+cosine, plateau[:patience[:factor]]"),
  o('gradClip', '--grad-clip <norm>', 'number', 'clip the global gradient norm (0 = off)'),
  o('batchSize', '--batch-size <n|full>', 'batch', 'rows per step: 1 = SGD, full = batch gradient descent'),
  o('epochs', '--epochs <n>', 'int', 'training epochs'),
  o('dropout', '--dropout <p>', 'number', 'dropout probability after each hidden layer'),
  o('batchNorm', '--batch-norm', 'bool', 'batch normalisation after each hidden linear/conv layer'),
  o('l1', '--l1 <lambda>', 'number', 'L1 penalty λ·Σ|w| on weights (not biases)'),
  o('l2', '--l2 <lambda>', 'number', 'L2 penalty λ·Σw² on weights (not biases; Keras scaling)'),
  o('inputNoise', '--input-noise <sigma>', 'number', 'Gaussian noise added to (standardised) inputs'),
  o('weightNoise', '--weight-noise <sigma>', 'number', 'Gaussian noise on the weights during each forward pass'),
  o('labelSmoothing', '--label-smoothing <eps>', 'number', 'label smoothing ε'),
  o('mixup', '--mixup <alpha>', 'number', 'Mixup with λ ~ Beta(α, α)'),
  o('cutmix', '--cutmix <alpha>', 'number', 'CutMix with λ ~ Beta(α, α) (image data)'),
  o('augment', '--augment', 'bool', 'random ±1 pixel shifts (image data)'),
  o('earlyStopping', '--early-stopping <patience>', 'int', 'stop after this many epochs without validation improvement; restore the best weights (0 = off)'),
  o('valSplit', '--val-split <f>', 'number', 'validation fraction'),
  o('testSplit', '--test-split <f>', 'number', 'test fraction (sealed until the end)'),
  o('seed', '--seed <n>', 'int', 'the seed of every random choice'),
  o('name', '--name <name>', 'string', 'run name (default: dataset-model-optimizer)'),
];

export const OPTIMIZER_KEYS = TRAIN_OPTIONS.filter((d) => d.optimizer).map((d) => d.key);

const BY_KEY = new Map(TRAIN_OPTIONS.map((d) => [d.key, d]));

export function optionDef(key: string): OptionDef | undefined {
  return BY_KEY.get(key);
}

/** `--weight-decay` for `weightDecay`. */
export function flagName(key: string): string {
  return BY_KEY.get(key)?.flag.split(' ')[0] ?? `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** Fields whose flag is not their kebab-case name (the race's). */
const FLAG_OF: Record<string, string> = { fn: '--function', racers: '--optimizers', x0: '--start', y0: '--start' };

/**
 * A library message as the CLI prints it: every config field the library names in backticks
 * (`gradClip`) becomes its flag (--grad-clip). Only the CLI knows flag names.
 */
export function flagsIn(message: string): string {
  return message.replace(/`([a-zA-Z][a-zA-Z0-9]*)`/g, (_, key: string) => FLAG_OF[key] ?? flagName(key));
}

/** `weightDecay` for `weight-decay` or `weightDecay`. */
export function camelKey(k: string): string {
  return k.replace(/^-+/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** A number flag of a command outside TRAIN_OPTIONS (`fallback` when not given), or exit 2. */
export function numberFlag(flag: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const v = decimal(String(raw));
  if (!Number.isFinite(v)) throw usageError(`--${flag}: expected a number, got "${raw}"`);
  return v;
}

/** An integer flag >= `min` (`fallback` when not given), or exit 2. */
export function intFlag(flag: string, raw: string | undefined, fallback: number, min = 1): number {
  if (raw === undefined) return fallback;
  const v = decimal(String(raw));
  if (!Number.isInteger(v) || v < min) throw usageError(`--${flag}: must be ${min === 0 ? 'a non-negative integer' : `an integer >= ${min}`}, got ${raw}`);
  return v;
}

/** Read one value (a CLI string or a JSON value from a config file) as its kind. */
export function coerce(def: OptionDef, value: unknown, where: string): unknown {
  const flag = def.flag.split(' ')[0];
  const bad = (what: string) => usageError(`${where}${flag}: expected ${what}, got ${JSON.stringify(value)}`);
  switch (def.kind) {
    case 'string':
      if (typeof value !== 'string' || value === '') throw bad('a non-empty string');
      return value;
    case 'bool':
      if (typeof value === 'boolean') return value;
      if (value === 'true') return true;
      if (value === 'false') return false;
      throw bad('true or false');
    case 'number':
    case 'int': {
      const n = typeof value === 'number' ? value : typeof value === 'string' ? decimal(value) : NaN;
      if (!Number.isFinite(n)) throw bad('a number');
      if (def.kind === 'int' && !Number.isInteger(n)) throw bad('an integer');
      return n;
    }
    case 'numbers': {
      const parts = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',').map((s) => decimal(s.trim())) : [];
      if (parts.length === 0 || !parts.every((v) => typeof v === 'number' && Number.isFinite(v))) throw bad('comma-separated numbers');
      return parts;
    }
    case 'batch': {
      if (value === 'full') return 'full';
      const n = typeof value === 'number' ? value : typeof value === 'string' ? decimal(value) : NaN;
      if (!Number.isInteger(n)) throw bad("a whole number or 'full'");
      if (n < 1) throw usageError(`${where}${flag}: must be at least 1 or 'full', got ${n}`);
      return n;
    }
  }
}
