import { DescentError, Rng } from '@descent/optim-wasm';
import { assertJson, canonicalJson, type Json } from './json.js';
import { jobFailure } from './failure.js';
import { fromWire, toWire } from './wire.js';

/**
 * A unit of work as data: which registered `kind` to run, its JSON `config` and its `seed`.
 * A job's result must depend on its spec only (its randomness comes from `new Rng(seed)`),
 * so specs can run in any order, on any runner, or again, and give the same results.
 */
export interface JobSpec<C extends Json = Json> {
  kind: string;
  config: C;
  seed: number;
  /** A free label for reports; part of the spec's key like every other field. */
  name?: string;
}

/**
 * What a job function gets besides its config: its seed, the Rng made from it, its spec, and the
 * run's blobs.
 */
export interface JobContext {
  seed: number;
  /** `new Rng(spec.seed)`: the job's only source of randomness. */
  rng: Rng;
  spec: JobSpec;
  /**
   * Bytes the run sent with its specs, by reference (`blobRef`): a user's CSV travels once per
   * run instead of inside every spec, and a worker on another machine needs no shared disk.
   */
  blob(ref: string): Uint8Array;
}

/**
 * A registered job function: a JSON config and the job's context → its value (plain data: numbers,
 * strings, arrays, typed arrays, plain objects), or a promise of it.
 */
export type JobFn<C extends Json, R> = (config: C, context: JobContext) => R | Promise<R>;

/** What `defineJob` returns: the kind, a checked spec builder, and a way to run one spec here. */
export interface JobDefinition<C extends Json, R> {
  kind: string;
  /** A checked spec of this kind. */
  spec(config: C, seed: number, name?: string): JobSpec<C>;
  /** Run one spec of this kind here. */
  run(spec: JobSpec<C>): Promise<R>;
}

/**
 * The core build jobs compute on: `fast` (relaxed SIMD, fused multiply-add: CPU-dependent bits)
 * and the kernel threads of each job. Results are the same for any thread count; a fast run's
 * bits depend on the CPU, so every job of a run must use the same build.
 */
export interface JobCore {
  fast: boolean;
  threads: number;
}

/** What a run hands its runner besides the specs. */
export interface RunOptions {
  /**
   * The core build of the run's jobs: runners whose jobs compute in other threads or processes
   * (threads, queue, Web Workers) load it there; the serial runner computes on this thread's
   * default core (set it with `init` / `setDefaultCore`). Default: the default build, 1 thread.
   */
  core?: JobCore;
  /** Content the specs reference by `blobRef` (e.g. a user's CSV), sent once per run. */
  blobs?: ReadonlyMap<string, Uint8Array>;
  /** Called as each job finishes (in finish order): the count finished so far, its index and value. */
  onDone?(done: number, total: number, index: number, value: unknown): void;
  /** Aborting cancels the jobs not finished yet; the run then rejects with code 'cancelled'. */
  signal?: AbortSignal;
}

/**
 * Executes a list of specs and returns their values in the same order, as data: every runner
 * passes each value through the wire encoding (`toWire`/`fromWire`), so serial, thread, queue
 * and Web Worker runners hand back the same values.
 */
export interface JobRunner {
  readonly name: string;
  /**
   * Run every spec and resolve with their values in spec order; rejects with the first failure
   * (naming its spec) or, on `options.signal`, with code 'cancelled'.
   */
  run(specs: readonly JobSpec[], options?: RunOptions): Promise<unknown[]>;
}

/** One spec's outcome from `runJobs`: the spec, its canonical key and its value. */
export interface JobResult<R = unknown> {
  spec: JobSpec;
  /** Canonical JSON of the spec: identical specs have identical keys. */
  key: string;
  value: R;
}

const registry = new Map<string, JobFn<any, unknown>>();

/** Check that `spec` is well formed JSON data: kind, integer seed, JSON config. */
export function validateJobSpec(spec: unknown, where = 'spec'): asserts spec is JobSpec {
  assertJson(spec, where);
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) {
    throw new DescentError('bad-job', `job spec: ${where} must be an object {kind, config, seed}`);
  }
  const s = spec as Record<string, Json>;
  if (typeof s.kind !== 'string' || s.kind === '') throw new DescentError('bad-job', `job spec: ${where}.kind must be a non-empty string, got ${JSON.stringify(s.kind)}`);
  if (!('config' in s)) throw new DescentError('bad-job', `job spec: ${where}.config is missing (kind '${s.kind}')`);
  if (typeof s.seed !== 'number' || !Number.isInteger(s.seed) || s.seed < 0) {
    throw new DescentError('bad-job', `job spec: ${where}.seed must be a non-negative integer, got ${JSON.stringify(s.seed)} (kind '${s.kind}')`);
  }
}

/** The identity of a spec: canonical JSON (sorted keys). */
export function jobKey(spec: JobSpec): string {
  return canonicalJson(spec as unknown as Json);
}

const noBlobs: ReadonlyMap<string, Uint8Array> = new Map();

/** Is a job function registered for `kind` in this thread? (Workers run registered kinds only.) */
export function isJobKind(kind: string): boolean {
  return registry.has(kind);
}

/** Run one spec in this process with the registered function of its kind. */
export async function executeJob(spec: JobSpec, blobs: ReadonlyMap<string, Uint8Array> = noBlobs): Promise<unknown> {
  validateJobSpec(spec);
  const fn = registry.get(spec.kind);
  if (!fn) throw new DescentError('unknown-job', `job kind '${spec.kind}' is not defined here (known: ${[...registry.keys()].join(', ') || 'none'})`);
  return fn(spec.config, { seed: spec.seed, rng: new Rng(spec.seed), spec, blob: blobReader(spec, blobs) });
}

/** The run's blobs as a job reads them (JobContext.blob): a missing one names the job's kind and the ref. */
export function blobReader(spec: JobSpec, blobs: ReadonlyMap<string, Uint8Array>): (ref: string) => Uint8Array {
  return (ref) => {
    const b = blobs.get(ref);
    if (!b) throw new DescentError('missing-blob', `job kind '${spec.kind}': data ${ref} was not sent with the run`);
    return b;
  };
}

/** The error a run fails with when `signal` was aborted. */
export function cancelled(done: number, total: number): DescentError {
  return new DescentError('cancelled', `run cancelled after ${done} of ${total} jobs`);
}

/**
 * Register the function that runs jobs of `kind`. Defining the same kind twice with a different
 * function is an error (defining it again with the same function is allowed).
 *
 * @example const fold = defineJob('cv-fold', ({ fold }: { fold: number }, { rng }) => score(fold, rng));
 *          const results = await runJobs([0, 1, 2].map((f) => fold.spec({ fold: f }, 7)));
 */
export function defineJob<C extends Json, R>(kind: string, fn: JobFn<C, R>): JobDefinition<C, R> {
  if (typeof kind !== 'string' || kind === '') throw new DescentError('bad-job', `defineJob: kind must be a non-empty string, got ${JSON.stringify(kind)}`);
  const existing = registry.get(kind);
  if (existing && existing !== fn) throw new DescentError('bad-job', `defineJob: kind '${kind}' is already defined by another function`);
  registry.set(kind, fn);
  return {
    kind,
    spec(config, seed, name) {
      const spec: JobSpec<C> = name === undefined ? { kind, config, seed } : { kind, config, seed, name };
      validateJobSpec(spec);
      return spec;
    },
    run: (spec) => executeJob(spec) as Promise<R>,
  };
}

/** Runs the specs one after another in this process, in order. */
export const serialRunner: JobRunner = {
  name: 'serial',
  async run(specs, options = {}) {
    const out: unknown[] = [];
    for (const [i, spec] of specs.entries()) {
      if (options.signal?.aborted) throw cancelled(i, specs.length);
      let value: unknown;
      try {
        value = await executeJob(spec, options.blobs);
      } catch (e) {
        throw jobFailure(spec, e);
      }
      out.push(fromWire(toWire(value, spec)));
      options.onDone?.(i + 1, specs.length, i, out[i]);
    }
    return out;
  },
};

/**
 * Validate every spec, run them on `runner` (default serial) and pair each value with its spec
 * and key, in the order given.
 */
export async function runJobs<R = unknown>(specs: readonly JobSpec[], runner: JobRunner = serialRunner, options: RunOptions = {}): Promise<JobResult<R>[]> {
  specs.forEach((s, i) => validateJobSpec(s, `specs[${i}]`));
  const values = await runner.run(specs, options);
  if (values.length !== specs.length) {
    throw new DescentError('bad-runner', `runJobs: runner '${runner.name}' returned ${values.length} results for ${specs.length} specs`);
  }
  return specs.map((spec, i) => ({ spec, key: jobKey(spec), value: values[i] as R }));
}
