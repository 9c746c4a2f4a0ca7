import { Rng } from '@descent/optim-wasm';
import { expect } from 'vitest';
import * as ad from '../src/index.js';

export const ref = ad.referenceBackend();
export const wasm = () => ad.wasmBackend();

/** Seeded standard-normal values (a plain array) for test inputs. */
export function randArray(n: number, seed: number, scale = 1): number[] {
  return Array.from(new Rng(seed).fillNormal(new Float64Array(n), 0, scale));
}

/** A leaf on the reference backend, optionally requiring grad. */
export function refTensor(data: ArrayLike<number>, shape: number[], requiresGrad = false): ad.Tensor<Float64Array> {
  return ad.tensor(data, { shape, backend: ref, requiresGrad }) as ad.Tensor<Float64Array>;
}

/** |a − b| ≤ atol + rtol·|b| elementwise, reporting the worst index. */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol: number, atol: number, what = ''): void {
  expect(actual.length, `${what} length`).toBe(expected.length);
  let worst = -1;
  let excess = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = Math.abs(actual[i]! - expected[i]!) - (atol + rtol * Math.abs(expected[i]!));
    if (!(e <= excess)) {
      excess = Number.isNaN(e) ? Infinity : e;
      worst = i;
    }
  }
  if (worst >= 0) expect.fail(`${what}: element ${worst}: ${actual[worst]} vs ${expected[worst]} (rtol ${rtol}, atol ${atol})`);
}
