import { DescentError, Rng } from '@descent/optim-wasm';
import { describe, expect, it } from 'vitest';
import * as ad from '../src/index.js';
import { ref } from './util.js';

const R = (seed = 0) => ({ rng: new Rng(seed), backend: ref });

/** A module with a buffer and a non-persistent buffer, like a norm layer. */
class Scale extends ad.Module {
  constructor(n: number) {
    super();
    this.registerParameter('gain', ad.ones([n], { backend: ref }));
    this.registerBuffer('runningMean', ad.zeros([n], { backend: ref }));
    this.registerBuffer('scratch', ad.zeros([1], { backend: ref }), { persistent: false });
  }
  forward(x: ad.Tensor): ad.Tensor {
    return ad.mul(x, this.param('gain'));
  }
}

const mlp = () => new ad.Sequential(new ad.Linear(4, 3, R(1)), new ad.ReLU(), new ad.Sequential(new ad.Linear(3, 2, R(2)), new Scale(2)));

describe('Module: names, traversal, modes', () => {
  it('dotted names in PyTorch order', () => {
    const m = mlp();
    expect(m.namedParameters().map(([n, t]) => [n, t.shape])).toEqual([
      ['0.weight', [3, 4]],
      ['0.bias', [3]],
      ['2.0.weight', [2, 3]],
      ['2.0.bias', [2]],
      ['2.1.gain', [2]],
    ]);
    expect(m.parameters().every((p) => p.requiresGrad && p.isLeaf)).toBe(true);
    expect(m.namedBuffers().map(([n]) => n)).toEqual(['2.1.runningMean', '2.1.scratch']);
    expect(m.namedModules().map(([n, x]) => `${n}:${x.typeName}`)).toEqual([':Sequential', '0:Linear', '1:ReLU', '2:Sequential', '2.0:Linear', '2.1:Scale']);
    expect(m.parameterCount()).toBe(12 + 3 + 6 + 2 + 2);
    expect(m.parameters(false)).toEqual([]);
    expect(m.children().length).toBe(3);
    expect((m.at(-1) as ad.Sequential).length).toBe(2);
  });

  it('a shared parameter is listed once', () => {
    const lin = new ad.Linear(2, 2, R(3));
    const m = new ad.Sequential(lin, new ad.Tanh(), lin);
    expect(m.namedParameters().map(([n]) => n)).toEqual(['0.weight', '0.bias']);
  });

  it('train() / eval() propagate to every descendant', () => {
    const m = mlp();
    expect(m.modules().every((x) => x.training)).toBe(true);
    m.eval();
    expect(m.modules().every((x) => !x.training)).toBe(true);
    m.at(2).train();
    expect(m.training).toBe(false);
    expect(m.at(2).modules().every((x) => x.training)).toBe(true);
  });

  it('zeroGrad zeroes every gradient', () => {
    const m = mlp();
    ad.sum(m.forward(ad.tensor([[1, -2, 3, 0.5]], { backend: ref }))).backward();
    expect(m.parameters().some((p) => [...p.grad!.data()].some((v) => v !== 0))).toBe(true);
    m.zeroGrad();
    expect(m.parameters().every((p) => [...p.grad!.data()].every((v) => v === 0))).toBe(true);
  });

  it('registration errors', () => {
    const m = new Scale(2);
    expect(() => m.registerParameter('gain', null)).toThrow(/Scale.registerParameter: 'gain' is already registered/);
    expect(() => m.registerBuffer('a.b', null)).toThrow(/invalid name 'a.b'/);
    const notLeaf = ad.mul(ad.ones([2], { backend: ref, requiresGrad: true }), 2);
    expect(() => m.registerParameter('w', notLeaf)).toThrow(/a parameter must be a leaf tensor, got the result of 'mul'/);
    expect(() => m.param('nope')).toThrow(/Scale: no parameter 'nope'/);
    expect(() => m.setParameter('gain', ad.ones([3], { backend: ref }))).toThrow(/'gain' has shape \[2\], got \[3\]/);
    expect(() => new ad.Sequential(3 as never)).toThrow(/Sequential: argument 0 is not a Module/);
    expect(() => new ad.Linear(0, 2, R())).toThrow(/Linear: inFeatures must be an integer ≥ 1, got 0/);
  });

  it('toString shows the tree', () => {
    expect(mlp().toString()).toBe(
      'Sequential(\n  (0): Linear(inFeatures=4, outFeatures=3, bias=true)\n  (1): ReLU()\n  (2): Sequential(\n    (0): Linear(inFeatures=3, outFeatures=2, bias=true)\n    (1): Scale()\n  )\n)',
    );
  });
});

describe('stateDict / loadStateDict', () => {
  it('round trip: params then persistent buffers per module, copies not views', () => {
    const a = mlp();
    const sd = a.stateDict();
    expect(Object.keys(sd)).toEqual(['0.weight', '0.bias', '2.0.weight', '2.0.bias', '2.1.gain', '2.1.runningMean']);
    expect(sd['0.weight']!.shape).toEqual([3, 4]);
    const b = new ad.Sequential(new ad.Linear(4, 3, R(7)), new ad.ReLU(), new ad.Sequential(new ad.Linear(3, 2, R(8)), new Scale(2)));
    expect([...b.stateDict()['0.weight']!.data]).not.toEqual([...sd['0.weight']!.data]);
    const w0 = b.at(0).param('weight');
    expect(b.loadStateDict(sd)).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expect(b.at(0).param('weight')).toBe(w0); // loaded in place
    for (const k of Object.keys(sd)) expect([...b.stateDict()[k]!.data]).toEqual([...sd[k]!.data]);
    sd['0.bias']!.data[0] = 123;
    expect(b.at(0).param('bias').data()[0]).not.toBe(123);
  });

  it('clear errors for missing, extra and mis-shaped keys; nothing is written on failure', () => {
    const m = mlp();
    const sd = m.stateDict();
    const before = m.stateDict();
    const { ['2.0.bias']: _gone, ...missing } = sd;
    expect(() => m.loadStateDict(missing)).toThrow(/loadStateDict \(Sequential\): missing keys: 2.0.bias/);
    expect(() => m.loadStateDict({ ...sd, extra: { shape: [1], data: [1] } })).toThrow(/unexpected keys: extra/);
    expect(() => m.loadStateDict({ ...sd, '0.weight': { shape: [4, 3], data: new Float32Array(12).fill(9) }, '0.bias': { shape: [3], data: [7, 7, 7] } })).toThrow(
      /'0.weight' has shape \[4, 3\] in the state dict, \[3, 4\] in the module/,
    );
    expect(() => m.loadStateDict({ ...sd, '0.bias': { shape: [3], data: [1, 2] } })).toThrow(/'0.bias' has 2 values for shape \[3\]/);
    for (const k of Object.keys(before)) expect([...m.stateDict()[k]!.data]).toEqual([...before[k]!.data]);
    expect(m.loadStateDict({ '0.bias': { shape: [3], data: [1, 2, 3] }, zz: { shape: [], data: [0] } }, { strict: false })).toEqual({
      missingKeys: ['0.weight', '2.0.weight', '2.0.bias', '2.1.gain', '2.1.runningMean'],
      unexpectedKeys: ['zz'],
    });
    expect([...m.at(0).param('bias').data()]).toEqual([1, 2, 3]);
  });
});

describe('functionalCall', () => {
  it('substitutes parameters for one call and restores them', () => {
    const m = mlp();
    const x = ad.tensor([[1, -2, 3, 0.5]], { backend: ref });
    const w = ad.zeros([2, 3], { backend: ref });
    const y = ad.functionalCall(m, { '2.0.weight': w }, x);
    const b = (m.at(2) as ad.Sequential).at(0).param('bias').data();
    expect([...y.data()]).toEqual([b[0]!, b[1]!]); // zero weight → bias only (gain 1)
    expect((m.at(2) as ad.Sequential).at(0).param('weight')).not.toBe(w);
    expect(() => ad.functionalCall(m, { '9.weight': w }, x)).toThrow(/functionalCall: Sequential has no parameter or buffer '9.weight'/);
  });
});

describe('layers', () => {
  it('Linear without bias, on [..., in] inputs', () => {
    const lin = new ad.Linear(3, 2, { ...R(4), bias: false });
    expect(lin.bias).toBeNull();
    expect(lin.namedParameters().map(([n]) => n)).toEqual(['weight']);
    const x = ad.tensor([[[1, 2, 3]], [[0, -1, 1]]], { backend: ref });
    const y = lin.forward(x);
    expect(y.shape).toEqual([2, 1, 2]);
    const w = lin.weight.data();
    expect(y.data()[0]).toBeCloseTo(w[0]! + 2 * w[1]! + 3 * w[2]!, 12);
  });

  it('activations and Flatten match the functional ops', () => {
    const x = ad.tensor([[-1.5, -0.2, 0, 0.7, 2]], { backend: ref });
    const pairs: [ad.Module, ad.Tensor][] = [
      [new ad.ReLU(), ad.relu(x)],
      [new ad.LeakyReLU(0.2), ad.leakyRelu(x, 0.2)],
      [new ad.ELU(0.5), ad.elu(x, 0.5)],
      [new ad.GELU(), ad.gelu(x)],
      [new ad.GELU({ approximate: 'tanh' }), ad.gelu(x, 'tanh')],
      [new ad.Tanh(), ad.tanh(x)],
      [new ad.Sigmoid(), ad.sigmoid(x)],
      [new ad.Softplus(2, 1), ad.softplus(x, 2, 1)],
      [new ad.Identity(), x],
    ];
    for (const [m, want] of pairs) expect([...m.forward(x).data()]).toEqual([...want.data()]);
    expect(new ad.Flatten().forward(ad.zeros([2, 3, 4, 5], { backend: ref })).shape).toEqual([2, 60]);
    expect(new ad.Flatten(0).forward(ad.zeros([2, 3], { backend: ref })).shape).toEqual([6]);
  });

  it('a small CNN: Conv2d → ReLU → MaxPool2d → AvgPool2d → Flatten → Linear shapes', () => {
    const net = new ad.Sequential(
      new ad.Conv2d(1, 4, 3, { ...R(5), padding: 1 }),
      new ad.ReLU(),
      new ad.MaxPool2d(2),
      new ad.AvgPool2d(2, { stride: 1 }),
      new ad.Flatten(),
      new ad.Linear(4 * 3 * 3, 3, R(6)),
    );
    expect(net.forward(ad.zeros([2, 1, 8, 8], { backend: ref })).shape).toEqual([2, 3]);
    expect(net.at(0).toString()).toBe('Conv2d(1, 4, kernelSize=3×3, stride=1×1, padding=1×1, dilation=1×1, bias=true)');
  });
});

describe('packModule', () => {
  it('binds every parameter to a named arena range; stateDict still works', () => {
    const m = new ad.Sequential(new ad.Linear(4, 3, { rng: new Rng(1) }), new ad.ReLU(), new ad.Linear(3, 2, { rng: new Rng(2) }));
    const before = m.stateDict();
    const arena = ad.packModule(m);
    expect(arena.params.map((p) => [p.name, p.length])).toEqual([['0.weight', 12], ['0.bias', 3], ['2.weight', 6], ['2.bias', 2]]);
    expect([...arena.values.read()]).toEqual(Object.values(before).flatMap((e) => [...e.data]));
    ad.sum(m.forward(ad.tensor([[1, 2, 3, 4]]))).backward();
    expect([...arena.grad(3).read()]).toEqual([1, 1]);
    expect(() => ad.packModule(new ad.ReLU())).toThrow(/packModule: ReLU has no parameters/);
    expect(() => ad.packModule(new ad.Linear(2, 2, R()))).toThrow(DescentError);
    arena.free();
  });
});
