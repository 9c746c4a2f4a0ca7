import { DescentError, portableExp, portableLog, Rng } from '@descent/optim-wasm';
import type { Json } from '../jobs/json.js';

/** A configuration: named hyper-parameters as JSON values (so it can travel in a job spec). */
export type Config = { [key: string]: Json };

/**
 * Every combination of the listed values (scikit-learn's ParameterGrid), keys in the order given,
 * the last key varying fastest.
 *
 * @example grid({ lr: [1e-3, 1e-2], hidden: [[64], [128]] }) // 4 configs
 */
export function grid(space: Record<string, readonly Json[]>): Config[] {
  let out: Config[] = [{}];
  for (const [key, values] of Object.entries(space)) {
    if (!Array.isArray(values) || values.length === 0) throw new DescentError('bad-arg', `grid: '${key}' must be a non-empty list of values`);
    out = out.flatMap((c) => values.map((v) => ({ ...c, [key]: v })));
  }
  return out;
}

/** A distribution to draw one hyper-parameter from, as plain data. */
export type Distribution =
  | { choice: readonly Json[] }
  | { uniform: readonly [number, number] }
  | { logUniform: readonly [number, number] }
  | { int: readonly [number, number] };

function draw(key: string, d: Distribution, rng: Rng): Json {
  if ('choice' in d) {
    if (!d.choice.length) throw new DescentError('bad-arg', `randomConfigs: '${key}'.choice is empty`);
    return d.choice[rng.int(0, d.choice.length)]!;
  }
  const [lo, hi] = 'uniform' in d ? d.uniform : 'logUniform' in d ? d.logUniform : 'int' in d ? d.int : [NaN, NaN];
  if (!(lo <= hi) || !Number.isFinite(lo) || !Number.isFinite(hi)) throw new DescentError('bad-arg', `randomConfigs: '${key}' needs a finite range lo <= hi, got [${lo}, ${hi}]`);
  if ('uniform' in d) return lo + (hi - lo) * rng.uniform53();
  if ('logUniform' in d) {
    if (!(lo > 0)) throw new DescentError('bad-arg', `randomConfigs: '${key}'.logUniform needs lo > 0, got ${lo}`);
    return portableExp(portableLog(lo) + (portableLog(hi) - portableLog(lo)) * rng.uniform53());
  }
  if (!Number.isInteger(lo) || !Number.isInteger(hi)) throw new DescentError('bad-arg', `randomConfigs: '${key}'.int needs integer bounds, got [${lo}, ${hi}]`);
  return rng.int(lo, hi + 1);
}

/**
 * `count` configurations drawn independently (random search, Bergstra & Bengio 2012): each key
 * from its distribution — choice (uniform over the list), uniform [lo, hi), logUniform
 * exp(U[ln lo, ln hi)), int (uniform over lo..hi inclusive) — with draws from `seed` only.
 *
 * @example randomConfigs({ lr: { logUniform: [1e-4, 1e-1] }, hidden: { choice: [[64], [128]] } }, 8, 0)
 */
export function randomConfigs(space: Record<string, Distribution>, count: number, seed: number | Rng): Config[] {
  if (!Number.isInteger(count) || count < 1) throw new DescentError('bad-arg', `randomConfigs: count must be an integer >= 1, got ${count}`);
  const rng = seed instanceof Rng ? seed : new Rng(seed).fork('random-search');
  return Array.from({ length: count }, () => Object.fromEntries(Object.entries(space).map(([k, d]) => [k, draw(k, d, rng)])));
}
