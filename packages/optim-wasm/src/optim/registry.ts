import { DescentError } from '../errors.js';
import { adadelta } from './adadelta.js';
import { adagrad } from './adagrad.js';
import { adam, adamw } from './adam.js';
import { adamax } from './adamax.js';
import { nadam } from './nadam.js';
import { radam } from './radam.js';
import { rmsprop } from './rmsprop.js';
import { sgd } from './sgd.js';
import { OPTIMIZER_NAMES, type OptimizerName } from './names.js';
import type { Hyper, Optimizer } from './types.js';

type Factory = (options?: Record<string, unknown>) => Optimizer<Hyper>;

const FACTORIES: Record<OptimizerName, Factory> = { sgd, adagrad, adadelta, rmsprop, adam, adamw, nadam, radam, adamax } as unknown as Record<OptimizerName, Factory>;

const TORCH_NAMES: Record<string, OptimizerName> = {
  SGD: 'sgd',
  Adagrad: 'adagrad',
  Adadelta: 'adadelta',
  RMSprop: 'rmsprop',
  Adam: 'adam',
  AdamW: 'adamw',
  NAdam: 'nadam',
  RAdam: 'radam',
  Adamax: 'adamax',
};

/** PyTorch-side bookkeeping keys of a param group that carry no math here. */
const TORCH_IGNORED = new Set(['foreach', 'capturable', 'differentiable', 'fused', 'initial_lr', 'params']);

export function camelToSnake(s: string): string {
  return s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

export function snakeToCamel(s: string): string {
  return s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** An optimizer by its descent name (`'adam'`) with camelCase options. */
export function createOptimizer(name: OptimizerName, options: Record<string, unknown> = {}): Optimizer<Hyper> {
  const f = FACTORIES[name];
  if (!f) throw new DescentError('optim-name', `createOptimizer: unknown optimizer "${name}" (known: ${OPTIMIZER_NAMES.join(', ')})`);
  return f(options);
}

/** The descent name of a PyTorch optimizer class name (`'AdamW'` → `'adamw'`). */
export function nameFromTorch(torchName: string): OptimizerName {
  const n = TORCH_NAMES[torchName];
  if (!n) throw new DescentError('optim-name', `unknown PyTorch optimizer "${torchName}" (known: ${Object.keys(TORCH_NAMES).join(', ')})`);
  return n;
}

/** camelCase options from a PyTorch param group / hyperparams object (snake_case keys). */
export function optionsFromTorch(hyper: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(hyper)) if (!TORCH_IGNORED.has(k)) out[snakeToCamel(k)] = v;
  return out;
}

/** PyTorch-style snake_case hyper-parameters from camelCase options. */
export function optionsToTorch(options: Hyper): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(options)) out[camelToSnake(k)] = Array.isArray(v) ? [...v] : v;
  return out;
}

/** `torch.optim.<torchName>(**hyperparams)` as a descent optimizer. */
export function optimizerFromTorch(torchName: string, hyperparams: Record<string, unknown>): Optimizer<Hyper> {
  return createOptimizer(nameFromTorch(torchName), optionsFromTorch(hyperparams));
}
