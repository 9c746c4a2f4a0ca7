// How many Web Workers the pooled views (cv, ensembles, bias–variance) run their jobs on. Plain
// numbers, no engine: the main thread offers the choice, the training worker builds the pool.

/** More workers than this only cost memory (each holds a core) on the machines the playground targets. */
export const POOL_CAP = 8;

/** The pool size for a machine: its logical cores, capped. */
export function poolSize(cores: number | undefined): number {
  return Math.max(1, Math.min(POOL_CAP, Math.floor(cores ?? 1) || 1));
}
