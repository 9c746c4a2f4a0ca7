import type { Check } from './compare.js';

export type { Check };
import type { FixtureCase } from './fixtures.js';

/** Thrown by an adapter for a family (or optional feature) it does not implement yet. */
export class Unsupported extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'Unsupported';
  }
}

/** An adapter calls the real packages for one case and returns what to compare. */
export type Adapter = (c: FixtureCase) => Check[] | Promise<Check[]>;
