// PyTorch interop through safetensors: a state dict saved by PyTorch 1.13 from
// Sequential(Linear(4, 8), BatchNorm1d(8), ReLU(), Linear(8, 3)) (fixtures/interop/README.md) loads
// into the same descent architecture and reproduces PyTorch's eval-mode outputs; descent's export
// uses PyTorch's names, layouts and dtypes and round-trips bit for bit.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeSafetensors, encodeSafetensors, Linear, loadSafetensors, noGrad, ReLU, Sequential, tensor, toSafetensors } from '@descent/autodiff';
import { DescentError, Rng } from '@descent/optim-wasm';
import { describe, expect, it } from 'vitest';
import { BatchNorm1d } from './index.js';

const dir = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'interop');
const file = new Uint8Array(readFileSync(join(dir, 'mlp-bn.safetensors')));
const expected = JSON.parse(readFileSync(join(dir, 'mlp-bn.expected.json'), 'utf8')) as { input: number[][]; output: number[][]; keys: string[] };

const model = (seed: number) => {
  const rng = new Rng(seed);
  return new Sequential(new Linear(4, 8, { rng }), new BatchNorm1d(8), new ReLU(), new Linear(8, 3, { rng }));
};

describe('safetensors interop with PyTorch state dicts', () => {
  it('decodes the PyTorch file: names, dtypes and shapes as PyTorch wrote them', () => {
    const { tensors, metadata } = decodeSafetensors(file);
    expect(Object.keys(tensors).sort()).toEqual(expected.keys);
    expect(metadata).toEqual({ format: 'pt' });
    expect(tensors['0.weight']!.shape).toEqual([8, 4]);
    expect(tensors['3.weight']!.shape).toEqual([3, 8]);
    expect(tensors['1.num_batches_tracked']).toEqual({ dtype: 'I64', shape: [], data: new Float64Array([3]) });
  });

  it("loaded into the same architecture, reproduces PyTorch's eval-mode outputs", () => {
    const m = model(1);
    expect(loadSafetensors(m, file)).toEqual({ missingKeys: [], unexpectedKeys: [] });
    m.eval();
    const out = noGrad(() => m.forward(tensor(expected.input)));
    const got = out.toArray() as number[][];
    got.forEach((row, i) => row.forEach((v, j) => expect(Math.abs(v - expected.output[i]![j]!)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(expected.output[i]![j]!)))));
  });

  it('export → import round-trips bit for bit, and the export has PyTorch names and dtypes', () => {
    const a = model(2);
    loadSafetensors(a, file);
    const bytes = toSafetensors(a);
    const back = decodeSafetensors(bytes);
    expect(Object.keys(back.tensors).sort()).toEqual(expected.keys);
    expect(back.tensors['1.running_var']!.dtype).toBe('F32');
    expect(back.tensors['1.num_batches_tracked']!.dtype).toBe('I64');
    const b = model(3);
    loadSafetensors(b, bytes);
    const sa = a.stateDict();
    const sb = b.stateDict();
    for (const k of Object.keys(sa)) {
      expect(new Uint32Array(new Float32Array(sb[k]!.data).buffer)).toEqual(new Uint32Array(new Float32Array(sa[k]!.data).buffer));
    }
    expect(toSafetensors(b)).toEqual(bytes);
    // every tensor of the export reads back with the same bits as the PyTorch original
    const original = decodeSafetensors(file).tensors;
    for (const [k, t] of Object.entries(original)) expect(back.tensors[k]!.data).toEqual(t.data);
  });

  it('refuses a damaged or mismatched file with a DescentError naming the problem', () => {
    const m = model(4);
    const short = file.subarray(0, 100);
    expect(() => loadSafetensors(m, short)).toThrow(DescentError);
    expect(() => loadSafetensors(m, short)).toThrow(/loadSafetensors: header length \d+ does not fit in the 100-byte file/);
    const other = encodeSafetensors({ '0.weight': { dtype: 'F32', shape: [8, 4], data: new Float32Array(32) } });
    expect(() => loadSafetensors(m, other)).toThrow(/missing keys: 0\.bias/);
    const wrongShape = toSafetensors(new Sequential(new Linear(4, 7, { rng: new Rng(0) }), new BatchNorm1d(7), new ReLU(), new Linear(7, 3, { rng: new Rng(0) })));
    expect(() => loadSafetensors(m, wrongShape)).toThrow(/'0\.weight' has shape \[7, 4\] in the state dict, \[8, 4\] in the module/);
  });
});
