import { describe, expect, it } from 'vitest';
import { DescentError } from '../errors.js';
import { adadelta } from './adadelta.js';
import { adagrad } from './adagrad.js';
import { adam, adamw } from './adam.js';
import { adamax } from './adamax.js';
import { nadam } from './nadam.js';
import { radam } from './radam.js';
import { rmsprop } from './rmsprop.js';
import { sgd } from './sgd.js';
import { clipGradNorm } from './pre-steps.js';
import { ParamArena } from './param-arena.js';
import { loadCoreSync } from '../core/loader.js';

const core = loadCoreSync();

function rejects(make: () => unknown, message: RegExp): void {
  try {
    make();
  } catch (e) {
    expect(e).toBeInstanceOf(DescentError);
    expect((e as Error).message).toMatch(message);
    return;
  }
  throw new Error(`expected a DescentError matching ${message}`);
}

describe('hyper-parameter validation (PyTorch rules as the floor)', () => {
  it('negative learning rates, for every optimizer', () => {
    for (const f of [sgd, adagrad, adadelta, rmsprop, adam, adamw, nadam, radam, adamax]) {
      rejects(() => (f as (o: object) => unknown)({ lr: -0.1 }), /lr must be >= 0, got -0.1/);
    }
  });
  it('eps < 0 is an error and eps = 0 is allowed, as PyTorch', () => {
    for (const f of [adagrad, adadelta, rmsprop, adam, adamw, nadam, radam, adamax]) {
      rejects(() => (f as (o: object) => unknown)({ eps: -1e-8 }), /eps must be >= 0, got -1e-8/);
      expect(() => (f as (o: object) => unknown)({ eps: 0 })).not.toThrow();
    }
  });
  it('betas outside [0, 1)', () => {
    rejects(() => adam({ betas: [1, 0.999] }), /adam: betas\[0\] must be in \[0, 1\), got 1/);
    rejects(() => adamw({ betas: [0.9, -0.1] }), /betas\[1\] must be in \[0, 1\), got -0.1/);
    rejects(() => nadam({ betas: [0.9] as unknown as [number, number] }), /betas must be a pair/);
    expect(() => radam({ betas: [0, 0] })).not.toThrow();
  });
  it('nesterov without momentum or with dampening', () => {
    rejects(() => sgd({ nesterov: true }), /nesterov requires momentum > 0 and dampening = 0, got momentum 0, dampening 0/);
    rejects(() => sgd({ nesterov: true, momentum: 0.9, dampening: 0.1 }), /dampening 0.1/);
    rejects(() => sgd({ momentum: 0.9, dampening: 0.1, nesterovForm: 'keras' }), /'keras' has no dampening/);
    rejects(() => sgd({ nesterovForm: 'tf' as 'keras' }), /nesterovForm must be one of 'pytorch', 'keras', got "tf"/);
  });
  it('rho outside [0, 1], negative weight decay, momentum, alpha, lrDecay, accumulator, momentumDecay', () => {
    rejects(() => adadelta({ rho: 1.5 }), /rho must be in \[0, 1\], got 1.5/);
    expect(() => adadelta({ rho: 1 })).not.toThrow();
    rejects(() => adam({ weightDecay: -1 }), /weightDecay must be >= 0, got -1/);
    rejects(() => rmsprop({ momentum: -0.5 }), /momentum must be >= 0/);
    rejects(() => rmsprop({ alpha: -0.5 }), /alpha must be >= 0/);
    rejects(() => sgd({ momentum: -0.5 }), /momentum must be >= 0/);
    rejects(() => adagrad({ lrDecay: -1 }), /lrDecay must be >= 0/);
    rejects(() => adagrad({ initialAccumulatorValue: -1 }), /initialAccumulatorValue must be >= 0/);
    rejects(() => nadam({ momentumDecay: -1 }), /momentumDecay must be >= 0/);
  });
  it('non-numbers, NaN, wrong flag types and unknown option names', () => {
    rejects(() => adam({ lr: NaN }), /lr must be a finite number, got NaN/);
    rejects(() => adam({ lr: '0.1' as unknown as number }), /lr must be a finite number, got "0.1"/);
    rejects(() => adam({ amsgrad: 1 as unknown as boolean }), /amsgrad must be true or false, got 1/);
    rejects(() => adam({ learningRate: 0.1 } as object), /unknown option "learningRate"/);
  });
  it('the Keras convention switches: decoupledWeightDecay on every optimizer, momentumForm, epsOutsideMax', () => {
    for (const f of [sgd, adagrad, adadelta, rmsprop, adam, adamw, nadam, radam, adamax]) {
      rejects(() => (f as (o: object) => unknown)({ decoupledWeightDecay: 'yes' }), /decoupledWeightDecay must be true or false, got "yes"/);
    }
    rejects(() => adamw({ decoupledWeightDecay: false }), /adamw: decoupledWeightDecay must be true for adamw .*got false/);
    rejects(() => rmsprop({ momentumForm: 'tf' as 'keras' }), /rmsprop: momentumForm must be one of 'pytorch', 'keras', got "tf"/);
    rejects(() => adamax({ epsOutsideMax: 1 as unknown as boolean }), /adamax: epsOutsideMax must be true or false, got 1/);
    rejects(() => adam({ epsOutsideMax: true } as object), /unknown option "epsOutsideMax"/);
  });
  it('clipGradNorm form and perParameter', () => {
    const arena = ParamArena.pack(core, [3]);
    rejects(() => clipGradNorm(arena, 1, 2, { form: 'tf' as 'keras' }), /clipGradNorm: form must be one of 'pytorch', 'keras', got "tf"/);
    rejects(() => clipGradNorm(arena, 1, 2, { perParameter: 'yes' as unknown as boolean }), /clipGradNorm: perParameter must be true or false, got "yes"/);
    rejects(() => clipGradNorm(arena, 0, 2, { form: 'keras' }), /maxNorm must be > 0 with form 'keras'/);
    arena.free();
  });
  it('a missing state is a DescentError, not a TypeError', () => {
    rejects(() => adam({}).step(undefined as never, undefined as never), /adam.step: the state was made by nothing, not adam/);
  });
});
