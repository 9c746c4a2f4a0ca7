/**
 * The seeded RNG: Philox4x32-10 keyed by (seed, stream), scalar draws in exact integer TS, bulk
 * fills in WASM over the same counters. See rng.ts for the word costs of each draw.
 */
export { Rng, type RngState } from './rng.js';
export type { FillTarget } from './fill.js';
export { philox4x32 } from './philox.js';
