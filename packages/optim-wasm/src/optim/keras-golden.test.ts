// Keras 3's optimizer tests, ported: their inputs and published expected numbers (keras-team/keras
// at 3422977, keras/src/optimizers/*_test.py), run through descent with the switches that make
// each rule Keras's. Tolerances are the tests' own (assertAllClose rtol/atol).
// Not ported (descent has no such rule): Lion, Ftrl, Lamb, Adafactor, Muon, ScheduleFreeAdamW,
// LossScaleOptimizer, MultiOptimizer; EMA of weights (test_ema*), gradient accumulation,
// None gradients (test_empty_gradients), constraints, sparse updates.
import { describe, it } from 'vitest';
import { constant, kerasClose, trajectory, type GradFn } from '../../test/support/golden.js';
import { loadCoreSync } from '../core/loader.js';
import { adadelta } from './adadelta.js';
import { adagrad } from './adagrad.js';
import { adam, adamw } from './adam.js';
import { adamax } from './adamax.js';
import { nadam } from './nadam.js';
import { ParamArena } from './param-arena.js';
import { clipGradNorm, clipGradValue } from './pre-steps.js';
import { rmsprop } from './rmsprop.js';
import { sgd } from './sgd.js';
import type { Hyper, Optimizer } from './types.js';

/**
 * Keras 3's constructors with their defaults, as descent options: epsilon 1e-7 everywhere,
 * `weight_decay` → decoupledWeightDecay, Adam's ε̂ (epsHat), eps inside the root (Adagrad,
 * RMSprop), lr inside the momentum (SGD, RMSprop), Adamax's eps outside the max, and Nadam's
 * momentum schedule μ_t = β1(1 − ½·0.96^t) (descent's momentumDecay ψ = 1; PyTorch's is 0.004).
 */
const KERAS = {
  SGD: (o = {}) => sgd({ lr: 0.01, nesterovForm: 'keras', decoupledWeightDecay: true, ...o }),
  Adagrad: (o = {}) => adagrad({ keras: true, lr: 1e-3, decoupledWeightDecay: true, ...o }),
  Adadelta: (o = {}) => adadelta({ lr: 1e-3, rho: 0.95, eps: 1e-7, decoupledWeightDecay: true, ...o }),
  RMSprop: (o = {}) => rmsprop({ lr: 1e-3, alpha: 0.9, eps: 1e-7, epsInsideSqrt: true, momentumForm: 'keras', decoupledWeightDecay: true, ...o }),
  Adam: (o = {}) => adam({ lr: 1e-3, eps: 1e-7, epsHat: true, decoupledWeightDecay: true, ...o }),
  AdamW: (o = {}) => adamw({ lr: 1e-3, eps: 1e-7, epsHat: true, weightDecay: 4e-3, ...o }),
  Adamax: (o = {}) => adamax({ lr: 1e-3, eps: 1e-7, epsOutsideMax: true, decoupledWeightDecay: true, ...o }),
  Nadam: (o = {}) => nadam({ lr: 1e-3, eps: 1e-7, momentumDecay: 1, decoupledWeightDecay: true, ...o }),
} satisfies Record<string, (o?: Record<string, unknown>) => Optimizer<Hyper>>;

/** test_single_step: one step from [1, 2, 3, 4] with gradients [1, 6, 7, 2], checked at rtol = atol = 1e-4. */
const SINGLE_STEP: [keyof typeof KERAS, Record<string, unknown>, number[], string][] = [
  ['SGD', { lr: 0.5 }, [0.5, -1.0, -0.5, 3.0], 'sgd_test.py'],
  ['Adagrad', { lr: 0.5 }, [0.5233, 1.5007, 2.5005, 3.5061], 'adagrad_test.py'],
  ['Adadelta', { lr: 0.5 }, [0.9993, 1.9993, 2.9993, 3.9993], 'adadelta_test.py'],
  ['RMSprop', { lr: 0.5 }, [-0.5811, 0.4189, 1.4189, 2.4189], 'rmsprop_test.py'],
  ['Adam', { lr: 0.5 }, [0.5, 1.5, 2.5, 3.5], 'adam_test.py'],
  ['AdamW', { lr: 0.5 }, [0.498, 1.496, 2.494, 3.492], 'adamw_test.py'],
  ['Adamax', { lr: 0.5 }, [0.5, 1.5, 2.5, 3.5], 'adamax_test.py'],
  ['Nadam', { lr: 0.5 }, [0.4686, 1.4686, 2.4686, 3.4686], 'nadam_test.py'],
];

describe('Keras 3 test_single_step', () => {
  for (const [name, options, expected, file] of SINGLE_STEP) {
    it(`${name} (${file})`, () => {
      const [[x]] = trajectory(KERAS[name](options), [[1, 2, 3, 4]], 1, constant([1, 6, 7, 2]));
      kerasClose(x!, expected, 1e-4, 1e-4, `${name} after one step`);
    });
  }
});

/** test_correctness_with_golden: x = ones(10); one step with g = 0.01, then g = arange(0.1, 1.1, 0.1); rtol = atol = 5e-4. */
const tile = (rows: number[]) => rows.map((v) => Array<number>(10).fill(v));
const GOLDEN: [keyof typeof KERAS, Record<string, unknown>, number[][], string][] = [
  // Keras's SGD(nesterov=True) keeps its default momentum 0, so it is plain SGD; descent (as
  // PyTorch) refuses nesterov without momentum, so the case runs without the flag.
  ['SGD', {}, [
    [0.9999, 0.9999, 0.9999, 0.9999, 0.9999, 0.9999, 0.9999, 0.9999, 0.9999, 0.9999],
    [0.9989, 0.9979, 0.9969, 0.9959, 0.9949, 0.9939, 0.9929, 0.9919, 0.9909, 0.9899],
    [0.9979, 0.9959, 0.9939, 0.9919, 0.9899, 0.9879, 0.9859, 0.9839, 0.9819, 0.9799],
    [0.9969, 0.9939, 0.9909, 0.9879, 0.9849, 0.9819, 0.9789, 0.9759, 0.9729, 0.9699],
    [0.9959, 0.9919, 0.9879, 0.9839, 0.9799, 0.9759, 0.9719, 0.9679, 0.9639, 0.9599],
  ], 'sgd_test.py'],
  ['Adagrad', { lr: 0.2, initialAccumulatorValue: 0.3, eps: 1e-6 }, [
    [0.9963, 0.9963, 0.9963, 0.9963, 0.9963, 0.9963, 0.9963, 0.9963, 0.9963, 0.9963],
    [0.9604, 0.9278, 0.9003, 0.8784, 0.8615, 0.8487, 0.8388, 0.8313, 0.8255, 0.8209],
    [0.9251, 0.8629, 0.8137, 0.7768, 0.7497, 0.7298, 0.7151, 0.704, 0.6956, 0.6891],
    [0.8903, 0.8012, 0.7342, 0.6862, 0.6521, 0.6277, 0.6099, 0.5967, 0.5867, 0.579],
    [0.856, 0.7422, 0.6604, 0.6037, 0.5644, 0.5367, 0.5168, 0.5021, 0.491, 0.4825],
  ], 'adagrad_test.py'],
  ['Adadelta', { lr: 1.0, rho: 0.8, eps: 1e-6 }, tile([0.9978, 0.9947, 0.9915, 0.9882, 0.9849]), 'adadelta_test.py'],
  ['RMSprop', { centered: true }, tile([0.9967, 0.9933, 0.9908, 0.9885, 0.9864]), 'rmsprop_test.py'],
  ['Adam', { amsgrad: true }, tile([0.999, 0.9982, 0.9974, 0.9965, 0.9955]), 'adam_test.py'],
  ['AdamW', { lr: 1.0, weightDecay: 0.5, eps: 2 }, [
    [0.4998, 0.4998, 0.4998, 0.4998, 0.4998, 0.4998, 0.4998, 0.4998, 0.4998, 0.4998],
    [0.2486, 0.2475, 0.2463, 0.2451, 0.244, 0.2428, 0.2417, 0.2405, 0.2394, 0.2382],
    [0.1223, 0.1198, 0.1174, 0.1149, 0.1124, 0.11, 0.1075, 0.1051, 0.1027, 0.1003],
    [0.0586, 0.0549, 0.0512, 0.0475, 0.0439, 0.0402, 0.0366, 0.033, 0.0294, 0.0258],
    [0.0263, 0.0215, 0.0167, 0.012, 0.0073, 0.0026, -0.0021, -0.0067, -0.0113, -0.0159],
  ], 'adamw_test.py'],
  ['Adamax', { lr: 0.2, betas: [0.85, 0.95], eps: 1e-6 }, [
    [0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8],
    [0.6827, 0.6873, 0.6888, 0.6896, 0.6901, 0.6904, 0.6906, 0.6908, 0.6909, 0.691],
    [0.5333, 0.5407, 0.5431, 0.5444, 0.5451, 0.5456, 0.546, 0.5462, 0.5464, 0.5466],
    [0.368, 0.3773, 0.3804, 0.382, 0.3829, 0.3835, 0.384, 0.3843, 0.3846, 0.3848],
    [0.1933, 0.204, 0.2076, 0.2094, 0.2105, 0.2112, 0.2117, 0.2121, 0.2124, 0.2126],
  ], 'adamax_test.py'],
  ['Nadam', { lr: 0.5, betas: [0.5, 0.67], eps: 1e-5 }, [
    [0.4281, 0.4281, 0.4281, 0.4281, 0.4281, 0.4281, 0.4281, 0.4281, 0.4281, 0.4281],
    [-0.1738, -0.1731, -0.1726, -0.1723, -0.1721, -0.172, -0.1719, -0.1718, -0.1718, -0.1717],
    [-0.7115, -0.7103, -0.7096, -0.7092, -0.709, -0.7088, -0.7086, -0.7085, -0.7085, -0.7084],
    [-1.2335, -1.2322, -1.2313, -1.2309, -1.2306, -1.2304, -1.2302, -1.2301, -1.23, -1.2299],
    [-1.7492, -1.7478, -1.7469, -1.7464, -1.7461, -1.7459, -1.7457, -1.7456, -1.7455, -1.7454],
  ], 'nadam_test.py'],
];

const goldenGrads: GradFn = (_, t) => [t === 0 ? Array<number>(10).fill(0.01) : Array.from({ length: 10 }, (_, i) => Math.fround(0.1 * (i + 1)))];

describe('Keras 3 test_correctness_with_golden', () => {
  for (const [name, options, golden, file] of GOLDEN) {
    it(`${name} (${file})`, () => {
      const xs = trajectory(KERAS[name](options), [Array<number>(10).fill(1)], golden.length, goldenGrads);
      golden.forEach((row, t) => kerasClose(xs[t]![0]!, row, 5e-4, 5e-4, `${name} after step ${t + 1}`));
    });
  }
});

describe('Keras 3 test_weight_decay (decoupled weight decay; an excluded variable is a param group with weightDecay 0)', () => {
  // Three optimizers with lr 1, weight_decay 0.004 each take one step on var1 with zero
  // gradients: 2·0.996³ = 1.9760959 (assertAlmostEqual, 6 decimals); the excluded var stays 2.
  for (const name of Object.keys(KERAS) as (keyof typeof KERAS)[]) {
    it(`${name} (${name.toLowerCase()}_test.py)`, () => {
      let x = [[2], [2]];
      for (let k = 0; k < 3; k++) {
        const opt = KERAS[name]({ lr: 1.0, weightDecay: 0.004 });
        [x] = trajectory(opt, x, 1, constant([0], [0]), { groups: [{ params: [0] }, { params: [1], weightDecay: 0 }] }) as [number[][]];
      }
      kerasClose(x[0]!, [1.9760959], 0, 0.5e-6 * 3, `${name} var1`);
      kerasClose(x[1]!, [2.0], 0, 0.5e-6 * 3, `${name} excluded var`);
    });
  }
});

describe('Keras 3 clipping (optimizer_test.py and every *_test.py: test_clip_norm, test_global_clip_norm, test_clip_value)', () => {
  const core = loadCoreSync();
  function clip(g: number[], f: (a: ParamArena) => void): number[] {
    const arena = ParamArena.pack(core, [g.length]);
    arena.grads.write(g);
    f(arena);
    const out = Array.from(arena.grads.read());
    arena.free();
    return out;
  }
  it('clipnorm=1 on [100, 100] → [√2/2, √2/2] (per variable)', () => {
    kerasClose(clip([100, 100], (a) => clipGradNorm(a, 1, 2, { form: 'keras', perParameter: true })), [2 ** 0.5 / 2, 2 ** 0.5 / 2], 1e-6, 1e-6, 'clipnorm');
  });
  it('global_clipnorm=1 on [50, 100] → g/‖g‖', () => {
    const n = Math.hypot(50, 100);
    kerasClose(clip([50, 100], (a) => clipGradNorm(a, 1, 2, { form: 'keras' })), [50 / n, 100 / n], 1e-6, 1e-6, 'global_clipnorm');
  });
  it('clipvalue=1 on [100, 100] → [1, 1]', () => {
    kerasClose(clip([100, 100], (a) => clipGradValue(a, 1)), [1, 1], 1e-6, 1e-6, 'clipvalue');
  });
});

describe('Keras 3 optimizer_test.py test_callable_learning_rate', () => {
  it('SGD(learning_rate=lambda: 0.1), one step of ones: [[0.9, 1.9], [2.9, 3.9]] (the lr given per step)', () => {
    const [[x]] = trajectory(KERAS.SGD(), [[1, 2, 3, 4]], 1, constant([1, 1, 1, 1]), { lrs: [0.1] });
    kerasClose(x!, [0.9, 1.9, 2.9, 3.9], 1e-6, 1e-6, 'SGD');
  });
});
