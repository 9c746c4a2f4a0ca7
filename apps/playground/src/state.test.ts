import { describe, expect, it } from 'vitest';
import { cliCommand, trainCommand } from './cli-command.js';
import { VIEWS } from './config.js';
import { POOL_CAP } from './pool-size.js';
import { DEFAULTS, formatHash, parseHash, withField } from './state.js';

describe('URL state', () => {
  it('every view round-trips through the hash, seed and language included', () => {
    for (const view of VIEWS) {
      const s = { view, lang: 'ko' as const, config: structuredClone(DEFAULTS[view]) };
      const back = parseHash(formatHash(s));
      expect(back).toEqual(s);
    }
  });
  it('reads a shared link', () => {
    const s = parseHash('#view=classifier&lang=en&dataset=spirals&hidden=16-16-8&optimizer=sgd&lr=0.1&momentum=0.9&batchSize=0&batchNorm=1&seed=42');
    expect(s.view).toBe('classifier');
    expect(s.config).toMatchObject({ dataset: 'spirals', hidden: [16, 16, 8], optimizer: 'sgd', lr: 0.1, momentum: 0.9, batchSize: 0, batchNorm: true, seed: 42 });
  });
  it('never throws on a malformed hash: bad values fall back, numbers are clamped', () => {
    const s = parseHash('#view=nope&lang=xx&lr=abc&seed=-5&epochs=1e9&hidden=a-b&dataset=mnist&%%%');
    expect(s.view).toBe('race');
    expect(s.lang).toBe('en');
    const c = parseHash('#view=classifier&lr=abc&seed=-5&epochs=1e9&hidden=a-b&dataset=mnist').config;
    expect(c).toMatchObject({ lr: DEFAULTS.classifier.lr, seed: 0, epochs: 1000, hidden: DEFAULTS.classifier.hidden, dataset: 'moons' });
  });
  it('withField validates like the URL', () => {
    const s = parseHash('#view=race');
    expect(withField(s, 'momentum', '5').config).toMatchObject({ momentum: 0.999 });
    expect(withField(s, 'racers', 'adam,bogus,sgd').config).toMatchObject({ racers: ['adam', 'sgd'] });
    expect(withField(s, 'unknown', '1')).toBe(s);
  });
});

describe('CLI command', () => {
  it('writes the descent train flags of a classifier run', () => {
    expect(trainCommand({ ...DEFAULTS.classifier })).toBe(
      'descent train --dataset moons --samples 400 --noise 0.2 --model mlp:8-8 --activation relu --optimizer adam --lr 0.03 --batch-size 16 --epochs 50 --val-split 0.2 --test-split 0.2 --seed 7',
    );
    const c = trainCommand({ ...DEFAULTS.classifier, optimizer: 'sgd', momentum: 0.9, batchSize: 0, dropout: 0.1, batchNorm: true, l2: 0.001, mixup: 0.2, earlyStopping: 5 });
    expect(c).toContain('--optimizer sgd --lr 0.03 --momentum 0.9 --batch-size full');
    expect(c).toContain('--dropout 0.1 --batch-norm --l2 0.001 --mixup 0.2 --early-stopping 5');
  });
  it('marks which views the CLI reproduces exactly', () => {
    const exact = VIEWS.filter((v) => cliCommand(parseHash(`view=${v}`)).exact);
    expect(exact).toEqual(['race', 'classifier', 'sharpness', 'bias-variance', 'ensembles', 'cv']);
  });
});

describe('engine settings in the URL', () => {
  it('threads and fast mode round-trip; absent means one thread, the deterministic build', () => {
    const s = parseHash('#view=cv&threads=4&fast=1');
    expect(s.engine).toEqual({ threads: 4, fast: true });
    expect(parseHash(formatHash(s))).toEqual(s);
    expect(parseHash('#view=cv').engine).toBeUndefined();
    expect(parseHash('#view=cv&threads=999').engine).toEqual({ threads: 8, fast: false });
    expect(parseHash('#view=cv&threads=abc').engine).toEqual({ threads: 1, fast: false });
  });

  it('the lane count round-trips, clamped to 1 … POOL_CAP; absent (or auto) means auto', () => {
    const s = parseHash('#view=ensembles&workers=3');
    expect(s.workers).toBe(3);
    expect(parseHash(formatHash(s))).toEqual(s);
    expect(parseHash('#view=cv').workers).toBeUndefined();
    expect(parseHash('#view=cv&workers=auto').workers).toBeUndefined();
    expect(parseHash('#view=cv&workers=99').workers).toBe(POOL_CAP);
    expect(parseHash('#view=cv&workers=0').workers).toBe(1);
    expect(parseHash('#view=cv&workers=x').workers).toBe(1);
  });
});
