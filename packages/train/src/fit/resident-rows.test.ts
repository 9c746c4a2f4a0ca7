import { describe, expect, it } from 'vitest';
import { adam, getCore, loadCoreSync, Rng, setDefaultCore, type Core } from '@descent/optim-wasm';
import { blobs } from '../data/synthetic.js';
import { mlp } from '../models/mlp.js';
import { fit } from './fit.js';
import { ResidentRows } from './resident-rows.js';

/** 3000 rows × 256 features: 3 MB, more than a quarter of what an 8 MiB core leaves free. */
const data = blobs({ n: 3000, centers: 3, std: 0.8, features: 256, rng: 2 });

/** fit on `core` (made the default while the model is built and trained): the parameter bits. */
function trainOn(core: Core): Uint8Array {
  const before = getCore();
  setDefaultCore(core);
  try {
    const model = mlp({ inputs: 256, hidden: [8], outputs: 3, rng: new Rng(4) });
    const r = fit(model, data, { optimizer: adam({ lr: 0.01 }), epochs: 2, batchSize: 64, seed: 9 });
    expect(r.stopReason).toBe('completed');
    return new Uint8Array(r.arena.values.read().buffer);
  } finally {
    setDefaultCore(before);
  }
}

describe('ResidentRows', () => {
  it('gathers the rows of idx bit for bit as they are in data.x, repeats and any order included', () => {
    const core = getCore();
    const resident = ResidentRows.of(core, data)!;
    try {
      const idx = Int32Array.from([2999, 0, 17, 17, 1500, ...Array.from({ length: 40 }, (_, i) => (i * 71) % 3000)]);
      const rows = core.tidy(() => resident.rows(idx).data());
      expect(rows.length).toBe(idx.length * 256);
      idx.forEach((j, r) => expect(rows.subarray(r * 256, (r + 1) * 256)).toEqual(data.x.subarray(j * 256, (j + 1) * 256)));
    } finally {
      resident.free();
    }
  });

  it('is not made when the data would take more than a quarter of the room left under the core\'s memory limit', () => {
    const small = loadCoreSync({ maxBytes: 8 * 2 ** 20 });
    expect(ResidentRows.of(small, data)).toBeUndefined();
  });

  it('fit gives the same parameter bits with the rows resident and with rows copied from data.x', () => {
    const copied = trainOn(loadCoreSync({ maxBytes: 8 * 2 ** 20 }));
    const resident = trainOn(loadCoreSync());
    expect(Buffer.from(resident).equals(Buffer.from(copied))).toBe(true);
  });
});
