import { describe, expect, it } from 'vitest';
import { Rng } from '@descent/optim-wasm';
import { tensor } from '@descent/autodiff';
import { mlp } from './mlp.js';
import { convNet } from './conv-net.js';
import { Reshape } from './reshape.js';
import { evaluate } from '../fit/evaluate.js';

describe('model builders', () => {
  it('mlp: PyTorch layer names and shapes, PyTorch default init bounds, deterministic per seed', () => {
    const m = mlp({ inputs: 64, hidden: [128, 32], outputs: 10, activation: 'tanh', rng: new Rng(0) });
    expect(m.namedParameters().map(([n, p]) => `${n}:${p.shape.join('x')}`)).toEqual([
      '0.weight:128x64', '0.bias:128', '2.weight:32x128', '2.bias:32', '4.weight:10x32', '4.bias:10',
    ]);
    expect(m.at(1).typeName).toBe('Tanh');
    const w = m.parameters()[0]!.data();
    expect(Math.max(...w.map(Math.abs))).toBeLessThanOrEqual(1 / 8);
    const again = mlp({ inputs: 64, hidden: [128, 32], outputs: 10, activation: 'tanh', rng: new Rng(0) });
    expect([...again.parameters()[2]!.data()]).toEqual([...m.parameters()[2]!.data()]);
    expect(m.forward(tensor(new Float32Array(3 * 64), { shape: [3, 64] })).shape).toEqual([3, 10]);
    expect(mlp({ inputs: 2, hidden: [], outputs: 1, rng: new Rng(0) }).parameterCount()).toBe(3);
  });

  it('mlp with batchNorm and dropout: layer order, buffers in the state dict, eval mode is deterministic', () => {
    const m = mlp({ inputs: 6, hidden: [8], outputs: 2, batchNorm: true, dropout: 0.5, rng: new Rng(1) });
    expect(m.namedChildren().map(([n, c]) => `${n}:${c.typeName}`)).toEqual(['0:Linear', '1:BatchNorm1d', '2:ReLU', '3:Dropout', '4:Linear']);
    expect(Object.keys(m.stateDict())).toEqual(expect.arrayContaining(['1.runningMean', '1.runningVar']));
    const d = { x: new Float32Array(60).map((_, i) => Math.cos(i)), y: new Int32Array(10).map((_, i) => i % 2), n: 10, features: 6 };
    const a = evaluate(m, d);
    expect(evaluate(m, d).loss).toBe(a.loss);
    expect(m.training).toBe(true);
    expect(() => mlp({ inputs: 2, hidden: [2], outputs: 1, dropout: 1.5, rng: new Rng(0) })).toThrow(/Dropout/);
  });

  it('convNet: digits-sized images from flat rows to logits', () => {
    const m = convNet({ outputs: 10, rng: new Rng(0) });
    const out = m.forward(tensor(new Float32Array(2 * 64).map((_, i) => Math.sin(i)), { shape: [2, 64] }));
    expect(out.shape).toEqual([2, 10]);
    expect(m.parameterCount()).toBe(16 * 9 + 16 + 32 * 16 * 9 + 32 + 32 * 4 * 10 + 10);
  });

  it('bad options are clear errors', () => {
    expect(() => mlp({ inputs: 0, hidden: [], outputs: 1, rng: new Rng(0) })).toThrow(/mlp: inputs must be an integer >= 1, got 0/);
    expect(() => mlp({ inputs: 2, hidden: [3.5], outputs: 1, rng: new Rng(0) })).toThrow(/hidden\[0\]/);
    expect(() => mlp({ inputs: 2, hidden: [3], outputs: 1, activation: 'swish' as never, rng: new Rng(0) })).toThrow(/unknown activation 'swish'/);
    expect(() => new Reshape([1, 8, 8]).forward(tensor(new Float32Array(10), { shape: [2, 5] }))).toThrow(/Reshape: input \[2, 5\]/);
  });
});
