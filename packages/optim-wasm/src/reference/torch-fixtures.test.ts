import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCoreSync } from '../core/loader.js';
import type { Backend } from '../backend/backend.js';
import type { F32Buffer } from '../core/buffer.js';
import { matmulKernels } from '../kernels/matmul.js';
import { movementKernels } from '../kernels/movement.js';
import { matmulReference } from './matmul.js';
import { movementReference } from './movement.js';

// PyTorch fixtures (fixtures/FORMAT.md §C): forward values and vector-Jacobian products of
// matmul, transpose, cat, slice, index_select and gather, checked on both backends.

interface T {
  shape: number[];
  data: number[];
}
interface Case {
  id: string;
  op: string;
  attrs: Record<string, unknown>;
  inputs: Record<string, T>;
  upstream: T;
  expected: { output: T; grads: Record<string, T> };
}

const file = new URL('../../../../fixtures/public/autodiff_op.json', import.meta.url);
const cases = (JSON.parse(readFileSync(file, 'utf8')) as { cases: Case[] }).cases;
const ops = ['matmul', 'transpose', 'cat', 'slice', 'index_select', 'gather'];

type Ops = Pick<Backend<unknown>, 'matmul' | 'permute' | 'slice' | 'sliceBackward' | 'concat' | 'indexSelect' | 'indexAdd' | 'gather' | 'scatterAdd'>;

/** Run one case through `be`; returns [name, actual, expected] triples. */
function check(be: Ops, put: (d: number[]) => unknown, get: (s: unknown) => ArrayLike<number>, c: Case): [string, ArrayLike<number>, number[]][] {
  const x = c.inputs.x ?? c.inputs.a!;
  const dy = put(c.upstream.data);
  const out: [string, ArrayLike<number>, number[]][] = [];
  const expectOut = (v: unknown) => out.push(['output', get(v), c.expected.output.data]);
  const grad = (k: string, v: unknown) => out.push([`grad ${k}`, get(v), c.expected.grads[k]!.data]);
  const idx = c.inputs.index ? Int32Array.from(c.inputs.index.data) : new Int32Array(0);
  const dim = c.attrs.dim as number;
  switch (c.op) {
    case 'matmul': {
      const a = c.inputs.a!;
      const b = c.inputs.b!;
      const [m, k] = a.shape.slice(-2) as [number, number];
      const n = b.shape[b.shape.length - 1]!;
      // Batch dims in these cases are either equal or absent on one side (stride 0 broadcast).
      const batch = Math.max(a.data.length / (m * k), b.data.length / (k * n));
      const aBatchStride = a.data.length === m * k ? 0 : m * k;
      const bBatchStride = b.data.length === k * n ? 0 : k * n;
      const p = { m, k, n, batch, aBatchStride, bBatchStride };
      expectOut(be.matmul(put(a.data), put(b.data), p));
      // dA = dY·Bᵀ, dB = Aᵀ·dY (summed over the broadcast batch by the stride-0 reduction below).
      const dA = get(be.matmul(dy, put(b.data), { m, k: n, n: k, batch, aBatchStride: m * n, bBatchStride, transB: true }));
      const dB = get(be.matmul(put(a.data), dy, { m: k, k: m, n, batch, aBatchStride, bBatchStride: m * n, transA: true }));
      const fold = (g: ArrayLike<number>, len: number) => Array.from({ length: len }, (_, i) => Array.from(g).reduce((s, v, j) => (j % len === i ? s + v : s), 0));
      out.push(['grad a', fold(dA, a.data.length), c.expected.grads.a!.data]);
      out.push(['grad b', fold(dB, b.data.length), c.expected.grads.b!.data]);
      break;
    }
    case 'transpose': {
      const perm = x.shape.map((_, i) => i);
      [perm[c.attrs.dim0 as number], perm[c.attrs.dim1 as number]] = [perm[c.attrs.dim1 as number]!, perm[c.attrs.dim0 as number]!];
      expectOut(be.permute(put(x.data), x.shape, perm));
      grad('x', be.permute(dy, perm.map((p) => x.shape[p]!), perm));
      break;
    }
    case 'cat': {
      const names = c.attrs.order as string[];
      const shapes = names.map((k) => c.inputs[k]!.shape);
      expectOut(be.concat(names.map((k) => put(c.inputs[k]!.data)), shapes, dim));
      const outShape = c.expected.output.shape;
      let at = 0;
      for (const [i, k] of names.entries()) {
        const starts = outShape.map((_, a) => (a === dim ? at : 0));
        const ends = outShape.map((d, a) => (a === dim ? at + shapes[i]![dim]! : d));
        grad(k, be.slice(dy, outShape, starts, ends, outShape.map(() => 1)));
        at += shapes[i]![dim]!;
      }
      break;
    }
    case 'slice': {
      const starts = x.shape.map((_, a) => (a === dim ? (c.attrs.start as number) : 0));
      const ends = x.shape.map((d, a) => (a === dim ? Math.min(c.attrs.end as number, d) : d));
      const steps = x.shape.map((_, a) => (a === dim ? (c.attrs.step as number) : 1));
      expectOut(be.slice(put(x.data), x.shape, starts, ends, steps));
      grad('x', be.sliceBackward(dy, x.shape, starts, ends, steps));
      break;
    }
    case 'index_select':
      expectOut(be.indexSelect(put(x.data), x.shape, dim, idx));
      grad('x', be.indexAdd(dy, x.shape, dim, idx));
      break;
    case 'gather':
      expectOut(be.gather(put(x.data), x.shape, dim, idx, c.inputs.index!.shape));
      grad('x', be.scatterAdd(dy, x.shape, dim, idx, c.inputs.index!.shape));
      break;
  }
  return out;
}

const selected = cases.filter((c) => ops.includes(c.op));

describe('PyTorch fixtures: matmul and data movement', () => {
  it('the fixture file has the cases this test relies on', () => {
    expect(new Set(selected.map((c) => c.op))).toEqual(new Set(ops));
  });

  const core = loadCoreSync();
  const wasm = { ...matmulKernels(core), ...movementKernels(core) } as unknown as Ops;
  const ref = { ...matmulReference(), ...movementReference() } as unknown as Ops;

  it.each(selected.map((c) => [c.id, c] as const))('%s on the reference (f64) and wasm (f32) backends', (_id, c) => {
    for (const [name, actual, expected] of check(ref, (d) => Float64Array.from(d), (s) => s as Float64Array, c)) {
      expect(actual.length, name).toBe(expected.length);
      for (let i = 0; i < expected.length; i++) expect(actual[i], `reference ${name}[${i}]`).toBeCloseTo(expected[i]!, 10);
    }
    core.tidy(() => {
      const put = (d: number[]) => core.fromArray(d);
      for (const [name, actual, expected] of check(wasm, put, (s) => (s as F32Buffer).read(), c)) {
        expect(actual.length, name).toBe(expected.length);
        for (let i = 0; i < expected.length; i++) expect(actual[i], `wasm ${name}[${i}]`).toBeCloseTo(expected[i]!, 5);
      }
    });
  });
});
