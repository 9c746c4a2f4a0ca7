// All UI state, seed included, lives in the URL hash: `#view=classifier&lang=ko&lr=0.03&seed=7`.
// Parsing never throws: unknown keys are ignored, bad values fall back to the defaults, numbers
// are clamped to their field's range. Pure functions, no DOM, no engine.
import {
  ACTIVATIONS,
  DATASETS,
  FUNCTIONS,
  NO_REGULARIZERS,
  OPTIMIZERS,
  RACERS,
  VIEWS,
  type BiasVarianceConfig,
  type ClassifierConfig,
  type CvConfig,
  type EnsembleConfig,
  type RaceConfig,
  type SharpnessConfig,
  type ViewName,
} from './config.js';
import { RACE_DEFAULTS } from '@descent/train/race-functions';
import { PLANE_DATASETS } from '@descent/train';
import { POOL_CAP } from './pool-size.js';

export type Lang = 'en' | 'ko';

export interface Configs {
  race: RaceConfig;
  classifier: ClassifierConfig;
  sharpness: SharpnessConfig;
  'bias-variance': BiasVarianceConfig;
  ensembles: EnsembleConfig;
  cv: CvConfig;
}

export interface AppState<V extends ViewName = ViewName> {
  view: V;
  lang: Lang;
  config: Configs[V];
  /** How the worker runs the core (absent = one thread, the deterministic build): `threads=2&fast=1`. */
  engine?: EngineSettings;
  /** Lanes the cv, ensembles and bias–variance views run their jobs on, `workers=2` (the training worker and a pool worker; 1 = all in the training worker); absent = auto (as many as the work pays for, src/worker/lane-plan.ts). */
  workers?: number;
}

export interface EngineSettings {
  /** Kernel threads in the worker (more than 1 needs a cross-origin isolated page); results do not change. */
  threads: number;
  /** The relaxed-SIMD build: faster where the CPU fuses multiply-add, results then depend on the CPU. */
  fast: boolean;
}

/** The most kernel threads the settings offer. */
export const MAX_THREADS = 8;

export const DEFAULTS: Configs = {
  race: { fn: 'quadratic', racers: [...RACERS], x0: -2.8, y0: 1.2, ...RACE_DEFAULTS },
  classifier: {
    dataset: 'moons',
    samples: 400,
    noise: 0.2,
    hidden: [8, 8],
    activation: 'relu',
    optimizer: 'adam',
    lr: 0.03,
    momentum: 0,
    batchSize: 16,
    epochs: 50,
    ...NO_REGULARIZERS,
    valSplit: 0.2,
    testSplit: 0.2,
    seed: 7,
  },
  // train's BATCH_SIZE_VIEW_DEFAULTS (a test checks they agree): the small batch ends flatter at the same training loss
  sharpness: { dataset: 'moons', samples: 400, noise: 0.2, hidden: [32, 32], lr: 0.1, momentum: 0.9, smallBatch: 8, largeBatch: 0, targetLoss: 0.05, maxEpochs: 300, epsilon: 0.01, seed: 7 },
  'bias-variance': { samples: 40, noise: 0.3, degree: 3, fits: 20, maxDegree: 12, seed: 7 },
  ensembles: { dataset: 'moons', samples: 300, noise: 0.3, members: 9, rounds: 20, hidden: [8], lr: 0.03, batchSize: 32, epochs: 30, seed: 7 },
  cv: { dataset: 'moons', samples: 300, noise: 0.35, folds: 5, candidates: [0, 0.001, 0.01, 0.1], hidden: [32, 32], lr: 0.01, batchSize: 16, epochs: 30, seed: 7 },
};

type Kind =
  | { t: 'num'; min: number; max: number; int?: boolean }
  | { t: 'bool' }
  | { t: 'enum'; options: readonly string[] }
  | { t: 'list'; options: readonly string[] }
  | { t: 'ints'; min: number; max: number; maxLen: number }
  | { t: 'nums'; min: number; max: number; maxLen: number };

const num = (min: number, max: number, int = false): Kind => ({ t: 'num', min, max, int });
const SEED = num(0, 2 ** 31 - 1, true);
const DATA: Kind = { t: 'enum', options: DATASETS };

/** The fields of every view's config and how each is read from the URL. */
export const FIELDS: { [V in ViewName]: Record<keyof Configs[V], Kind> } = {
  race: {
    fn: { t: 'enum', options: FUNCTIONS },
    racers: { t: 'list', options: RACERS },
    x0: num(-10, 10),
    y0: num(-10, 10),
    lr: num(0, 10),
    momentum: num(0, 0.999),
    beta1: num(0, 0.999),
    beta2: num(0, 0.9999),
    eps: num(0, 1),
    rho: num(0, 0.999),
    alpha: num(0, 0.9999),
    steps: num(1, 5000, true),
  },
  classifier: {
    dataset: DATA,
    samples: num(20, 2000, true),
    noise: num(0, 2),
    hidden: { t: 'ints', min: 1, max: 64, maxLen: 4 },
    activation: { t: 'enum', options: ACTIVATIONS },
    optimizer: { t: 'enum', options: OPTIMIZERS },
    lr: num(0, 1e9),
    momentum: num(0, 0.999),
    batchSize: num(0, 2000, true),
    epochs: num(1, 1000, true),
    dropout: num(0, 0.9),
    batchNorm: { t: 'bool' },
    l1: num(0, 1),
    l2: num(0, 1),
    inputNoise: num(0, 2),
    weightNoise: num(0, 1),
    labelSmoothing: num(0, 0.5),
    mixup: num(0, 2),
    earlyStopping: num(0, 100, true),
    valSplit: num(0, 0.5),
    testSplit: num(0, 0.4),
    seed: SEED,
  },
  sharpness: {
    dataset: { t: 'enum', options: PLANE_DATASETS },
    samples: num(20, 2000, true),
    noise: num(0, 2),
    hidden: { t: 'ints', min: 1, max: 64, maxLen: 4 },
    lr: num(0, 10),
    momentum: num(0, 0.999),
    smallBatch: num(1, 2000, true),
    largeBatch: num(0, 2000, true),
    targetLoss: num(1e-4, 10),
    maxEpochs: num(1, 2000, true),
    epsilon: num(1e-6, 1),
    seed: SEED,
  },
  'bias-variance': { samples: num(5, 500, true), noise: num(0, 2), degree: num(0, 15, true), fits: num(2, 100, true), maxDegree: num(1, 15, true), seed: SEED },
  ensembles: {
    dataset: DATA,
    samples: num(20, 2000, true),
    noise: num(0, 2),
    members: num(1, 50, true),
    rounds: num(1, 200, true),
    hidden: { t: 'ints', min: 1, max: 64, maxLen: 4 },
    lr: num(0, 10),
    batchSize: num(0, 2000, true),
    epochs: num(1, 500, true),
    seed: SEED,
  },
  cv: {
    dataset: DATA,
    samples: num(20, 2000, true),
    noise: num(0, 2),
    folds: num(2, 10, true),
    candidates: { t: 'nums', min: 0, max: 1, maxLen: 6 },
    hidden: { t: 'ints', min: 1, max: 64, maxLen: 4 },
    lr: num(0, 10),
    batchSize: num(0, 2000, true),
    epochs: num(1, 200, true),
    seed: SEED,
  },
};

function parseValue(kind: Kind, raw: string, fallback: unknown): unknown {
  switch (kind.t) {
    case 'num': {
      const v = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(v)) return fallback;
      const c = Math.min(kind.max, Math.max(kind.min, v));
      return kind.int ? Math.round(c) : c;
    }
    case 'bool':
      return raw === '1' || raw === 'true';
    case 'enum':
      return kind.options.includes(raw) ? raw : fallback;
    case 'list': {
      const v = raw.split(',').filter((s) => kind.options.includes(s));
      return raw === '' ? [] : v.length ? [...new Set(v)] : fallback;
    }
    case 'ints':
    case 'nums': {
      const sep = kind.t === 'ints' ? '-' : ',';
      const v = raw.split(sep).map(Number);
      if (raw === '' && kind.t === 'ints') return [];
      if (!v.length || v.length > kind.maxLen || v.some((x) => !Number.isFinite(x) || x < kind.min || x > kind.max)) return fallback;
      return kind.t === 'ints' ? v.map(Math.round) : v;
    }
  }
}

function formatValue(kind: Kind, v: unknown): string {
  switch (kind.t) {
    case 'bool':
      return v ? '1' : '0';
    case 'list':
      return (v as string[]).join(',');
    case 'ints':
      return (v as number[]).join('-');
    case 'nums':
      return (v as number[]).join(',');
    default:
      return String(v);
  }
}

/** The state a URL hash (with or without '#') describes. */
export function parseHash(hash: string): AppState {
  const q = new URLSearchParams(hash.replace(/^#/, ''));
  const view = (VIEWS as readonly string[]).includes(q.get('view') ?? '') ? (q.get('view') as ViewName) : 'race';
  const lang: Lang = q.get('lang') === 'ko' ? 'ko' : 'en';
  const fields = FIELDS[view] as Record<string, Kind>;
  const config: Record<string, unknown> = structuredClone(DEFAULTS[view]) as unknown as Record<string, unknown>;
  for (const [key, kind] of Object.entries(fields)) {
    const raw = q.get(key);
    if (raw !== null) config[key] = parseValue(kind, raw, config[key]);
  }
  const state: AppState = { view, lang, config: config as unknown as Configs[ViewName] };
  if (q.has('threads') || q.has('fast')) {
    const t = Math.round(Number(q.get('threads') ?? 1));
    state.engine = { threads: Number.isFinite(t) ? Math.min(MAX_THREADS, Math.max(1, t)) : 1, fast: q.get('fast') === '1' };
  }
  if (q.has('workers') && q.get('workers') !== 'auto') {
    const n = Math.round(Number(q.get('workers')));
    state.workers = Number.isFinite(n) ? Math.min(POOL_CAP, Math.max(1, n)) : 1;
  }
  return state;
}

/** The URL hash of a state: view, language, then every field of the view's config. */
export function formatHash(s: AppState): string {
  const q = new URLSearchParams();
  q.set('view', s.view);
  q.set('lang', s.lang);
  const fields = FIELDS[s.view] as Record<string, Kind>;
  const config = s.config as unknown as Record<string, unknown>;
  for (const [key, kind] of Object.entries(fields)) q.set(key, formatValue(kind, config[key]));
  if (s.engine) {
    q.set('threads', String(s.engine.threads));
    q.set('fast', s.engine.fast ? '1' : '0');
  }
  if (s.workers !== undefined) q.set('workers', String(s.workers));
  return `#${q.toString()}`;
}

/** The same state with one config field changed (validated like a URL value). */
export function withField(s: AppState, key: string, raw: string): AppState {
  const kind = (FIELDS[s.view] as Record<string, Kind>)[key];
  if (!kind) return s;
  const config = { ...(s.config as unknown as Record<string, unknown>) };
  config[key] = parseValue(kind, raw, config[key]);
  return { ...s, config: config as unknown as Configs[ViewName] };
}

export function fieldKind(view: ViewName, key: string): Kind | undefined {
  return (FIELDS[view] as Record<string, Kind>)[key];
}
