import { usageError } from '../errors.js';

/** Memory a run may plan for (the estimate, not a measurement): beyond it we refuse up front. */
export const MEMORY_BUDGET = 2 * 2 ** 30;
/** Trainings a cv / ensemble run may plan (candidates × (folds + refit), members, rounds). */
export const MAX_FITS = 10_000;

const gib = (bytes: number) => `${(bytes / 2 ** 30).toPrecision(3)} GiB`;

/** Values per row of the synthetic datasets (features and the label). */
const SYNTHETIC_COLUMNS: Record<string, number> = { moons: 3, circles: 3, spirals: 3, xor: 3, blobs: 3, sine: 2 };
/** Copies of the data alive while generating, splitting, standardising and converting to f32. */
const COPIES = 4;

/**
 * Refuse a synthetic dataset whose rows cannot fit (exit 2 with the estimate): `--samples 1e9`
 * would otherwise end in an out-of-memory abort after minutes.
 */
export function checkDatasetSize(c: { dataset: string | null; data: string | null; samples: number }): void {
  const cols = c.data === null && c.dataset !== null ? SYNTHETIC_COLUMNS[c.dataset] : undefined;
  if (cols === undefined) return;
  const bytes = c.samples * cols * 8 * COPIES;
  if (bytes > MEMORY_BUDGET) {
    throw usageError(`--samples ${c.samples}: the dataset needs about ${gib(bytes)} (${c.samples} rows × ${cols} values × 8 bytes × ${COPIES} copies), more than the ${gib(MEMORY_BUDGET)} limit; use fewer samples`);
  }
}

/** Refuse a plan of more than MAX_FITS trainings, naming the flag and the count. */
export function checkFits(flag: string, fits: number, how: string): void {
  if (fits > MAX_FITS) throw usageError(`${flag}: ${how} = ${fits} trainings, more than the limit of ${MAX_FITS}; narrow it`);
}
