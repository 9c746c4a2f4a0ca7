// Ops and modules refuse arguments they cannot use with a DescentError naming the op and the
// argument (never a TypeError from inside the backend), and a graph is walked once unless retained.
import { DescentError, Rng } from '@descent/optim-wasm';
import { describe, expect, it } from 'vitest';
import * as ad from './index.js';

const R = { backend: ad.referenceBackend() };

function refusal(f: () => unknown): DescentError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DescentError);
    return e as DescentError;
  }
  throw new Error('expected a DescentError, nothing was thrown');
}

describe('ops refuse non-tensor arguments', () => {
  const t = ad.tensor([1, 2], R);
  const m = ad.tensor([[1, 2], [3, 4]], R);
  const x = 'x' as unknown as ad.Tensor;
  it('add(t, "x") and friends name the argument', () => {
    expect(refusal(() => ad.add(t, x)).message).toBe('add: b must be a Tensor or a number, got the string "x"');
    expect(refusal(() => ad.mul(x, t)).message).toBe('mul: a must be a Tensor or a number, got the string "x"');
    expect(refusal(() => ad.sub(t, [1, 2] as unknown as ad.Tensor)).message).toBe('sub: b must be a Tensor or a number, got an array (wrap it with tensor(…))');
    expect(refusal(() => ad.lt(t, undefined as unknown as ad.Tensor)).message).toBe('lt: b must be a Tensor or a number, got undefined');
  });

  // every family of ops: one bad argument each, the message names op and argument
  const cases: [string, () => unknown, string][] = [
    ['relu', () => ad.relu(x), 'relu: x must be a Tensor'],
    ['exp', () => ad.exp(null as unknown as ad.Tensor), 'exp: x must be a Tensor'],
    ['sum', () => ad.sum(x), 'sum: x must be a Tensor'],
    ['mean', () => ad.mean({} as ad.Tensor), 'mean: x must be a Tensor'],
    ['softmax', () => ad.softmax(x), 'softmax: x must be a Tensor'],
    ['matmul', () => ad.matmul(m, x), 'matmul: b must be a Tensor'],
    ['linear', () => ad.linear(m, m, x), 'linear: bias must be a Tensor (or nothing)'],
    ['reshape', () => ad.reshape(x, [2]), 'reshape: x must be a Tensor'],
    ['concat', () => ad.concat([t, x]), 'concat: xs[1] must be a Tensor'],
    ['where', () => ad.where(x, t, t), 'where: cond must be a Tensor'],
    ['maximum', () => ad.maximum(t, x), 'maximum: b must be a Tensor or a number'],
    ['vectorNorm', () => ad.vectorNorm(x), 'vectorNorm: x must be a Tensor'],
  ];
  for (const [name, f, start] of cases) {
    it(`${name}`, () => expect(refusal(f).message.startsWith(start)).toBe(true));
  }
});

describe('loadStateDict refuses data that is not numbers', () => {
  it('a string of the right length is not loaded as NaN', () => {
    const lin = new ad.Linear(2, 1, { rng: new Rng(0) });
    const before = lin.stateDict();
    const bad = { weight: { shape: [1, 2], data: 'ab' }, bias: before['bias']! };
    expect(refusal(() => lin.loadStateDict(bad as never)).message).toBe(`loadStateDict (Linear): 'weight'.data must be an array or typed array of numbers, got the string "ab"`);
    expect([...lin.stateDict()['weight']!.data]).toEqual([...before['weight']!.data]);
  });
});

describe('backward walks a graph once unless retainGraph (PyTorch)', () => {
  it('a second backward() is refused instead of doubling the gradient', () => {
    const w = ad.tensor([1, 2], { ...R, requiresGrad: true });
    const loss = ad.sum(ad.mul(w, w));
    loss.backward();
    expect([...w.grad!.data()]).toEqual([2, 4]);
    expect(refusal(() => loss.backward()).message).toMatch(/^backward: the graph through '\w+' was already walked by a backward\(\) and freed; pass \{ retainGraph: true \}/);
    expect([...w.grad!.data()]).toEqual([2, 4]);
  });

  it('with retainGraph the second walk accumulates, as torch does with retain_graph=True', () => {
    const w = ad.tensor([1, 2], { ...R, requiresGrad: true });
    const loss = ad.sum(ad.mul(w, w));
    loss.backward(undefined, { retainGraph: true });
    loss.backward();
    expect([...w.grad!.data()]).toEqual([4, 8]);
  });

  it('a fresh forward pass is a fresh graph', () => {
    const w = ad.tensor([3], { ...R, requiresGrad: true });
    ad.sum(ad.mul(w, 2)).backward();
    ad.sum(ad.mul(w, 2)).backward();
    expect([...w.grad!.data()]).toEqual([4]);
  });
});
