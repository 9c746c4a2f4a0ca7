import { fileURLToPath } from 'node:url';
import { referenceBackend } from '@descent/autodiff';
import { describe, expect, it } from 'vitest';
import { Unsupported } from '../adapter.js';
import { compare } from '../compare.js';
import { loadFixtureFile } from '../fixtures.js';
import { runAutodiffCase } from './autodiff-op.js';

const file = loadFixtureFile(fileURLToPath(new URL('../../../../fixtures/public/autodiff_op.json', import.meta.url)));

// The same op mapping as the conformance adapter, run on the f64 reference backend: every
// forward value and gradient must meet a float64 implementation's tolerance (rtol 1e-9).
describe('autodiff_op fixtures through the f64 reference backend (rtol 1e-9)', () => {
  for (const c of file.cases) {
    it(c.id, (ctx) => {
      let checks;
      try {
        checks = runAutodiffCase(c, referenceBackend());
      } catch (e) {
        if (e instanceof Unsupported && c.optional) return ctx.skip(e.message);
        throw e;
      }
      expect(checks.length).toBeGreaterThan(1);
      for (const check of checks) {
        const m = compare(check, 1e-9, 1e-12 * Math.max(1, ...Array.from(check.expected as ArrayLike<number>, Math.abs)));
        expect(m, `${check.name}: ${JSON.stringify(m)}`).toBeNull();
      }
    });
  }
});
