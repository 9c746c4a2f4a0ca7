import type { Adapter } from '../adapter.js';

/**
 * One adapter per fixture kind. A kind missing here is reported as skipped, by name.
 * Each issue that lands adds its adapter.
 */
export const adapters: Record<string, Adapter> = {};
