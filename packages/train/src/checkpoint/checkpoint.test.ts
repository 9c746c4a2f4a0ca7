import { mkdtempSync, readFileSync, readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { adam, DescentError, Rng, sgd, type Optimizer } from '@descent/optim-wasm';
import { blobs } from '../data/synthetic.js';
import { fit } from '../fit/fit.js';
import { mlp } from '../models/mlp.js';
import { loadCheckpoint, restoreRng, saveCheckpoint } from './checkpoint.js';
import { CHECKPOINT_JSON } from './files.js';
import { crc32 } from './crc32.js';

const root = mkdtempSync(join(tmpdir(), 'descent-ckpt-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
const freshDir = () => join(root, `c${dirs++}`);

const data = blobs({ n: 90, centers: 3, std: 0.8, features: 5, rng: 1 });
const val = blobs({ n: 30, centers: 3, std: 0.8, features: 5, rng: 2 });
const build = (seed: number, hidden = [12, 8]) => mlp({ inputs: 5, hidden, outputs: 3, rng: new Rng(seed) });
const opts = (optimizer: Optimizer<any>) => ({ optimizer, batchSize: 16, seed: 4, validation: val });
/** The blob file the manifest names. */
const blobOf = (dir: string): string => JSON.parse(readFileSync(join(dir, CHECKPOINT_JSON), 'utf8')).blob.file;
const bits = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex');

describe('checkpoints', () => {
  it('crc32 matches zlib', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(3421780262);
  });

  for (const [name, make] of [['adam', () => adam({ lr: 0.01 })], ['sgd+momentum', () => sgd({ lr: 0.05, momentum: 0.9, nesterov: true })]] as const) {
    it(`${name}: 4 epochs straight == 2 epochs, save, load into fresh objects, 2 epochs (bit-identical)`, () => {
      const straight = build(0);
      const a = fit(straight, data, { ...opts(make()), epochs: 4 });

      const first = build(0);
      const opt1 = make();
      const b1 = fit(first, data, { ...opts(opt1), epochs: 2 });
      const dir = freshDir();
      saveCheckpoint(dir, { model: first, optimizer: opt1, optState: b1.optimizerState, epoch: b1.epochs, history: b1.history, extra: { seed: 4 } });
      expect(readdirSync(dir).sort()).toEqual(['checkpoint-1.bin', CHECKPOINT_JSON]);

      const second = build(99); // different init: everything must come from the checkpoint
      const opt2 = make();
      const ck = loadCheckpoint(dir, { model: second, optimizer: opt2 });
      expect(ck.epoch).toBe(2);
      expect(ck.extra).toEqual({ seed: 4 });
      const b2 = fit(second, data, { ...opts(opt2), epochs: 4, initialEpoch: ck.epoch, history: ck.history, optimizerState: ck.optimizerState });

      expect(b2.history).toEqual(a.history);
      expect(b2.steps).toBe(a.steps);
      expect(bits(b2.arena.values.read())).toBe(bits(a.arena.values.read()));
    });
  }

  it('with dropout and batch norm: resume is bit-identical (module generators and running stats saved)', () => {
    const make = (seed: number) => mlp({ inputs: 5, hidden: [16], outputs: 3, dropout: 0.3, batchNorm: true, rng: new Rng(seed), dropoutRng: new Rng(7).fork('drop') });
    const a = fit(make(0), data, { ...opts(adam({ lr: 0.01 })), epochs: 4 });
    const m1 = make(0);
    const o1 = adam({ lr: 0.01 });
    const r1 = fit(m1, data, { ...opts(o1), epochs: 2 });
    const dir = freshDir();
    saveCheckpoint(dir, { model: m1, optimizer: o1, optState: r1.optimizerState, epoch: 2, history: r1.history });
    expect(Object.keys(JSON.parse(readFileSync(join(dir, CHECKPOINT_JSON), 'utf8')).meta.rng)).toEqual(['module:3']);
    expect(Object.keys(m1.stateDict())).toContain('1.runningMean');
    const m2 = make(5);
    const o2 = adam({ lr: 0.01 });
    const ck = loadCheckpoint(dir, { model: m2, optimizer: o2 });
    const b = fit(m2, data, { ...opts(o2), epochs: 4, initialEpoch: 2, history: ck.history, optimizerState: ck.optimizerState });
    expect(b.history).toEqual(a.history);
    expect(bits(b.arena.values.read())).toBe(bits(a.arena.values.read()));
  });

  it('generator positions are saved and restored in place', () => {
    const model = build(0);
    const opt = adam({ lr: 0.01 });
    const r = fit(model, data, { ...opts(opt), epochs: 1 });
    const noise = new Rng(5).fork('dropout');
    for (let i = 0; i < 7; i++) noise.normal();
    const dir = freshDir();
    saveCheckpoint(dir, { model, optimizer: opt, optState: r.optimizerState, epoch: 1, rng: { dropout: noise } });
    const expected = noise.clone().uniform();
    const target = new Rng(5).fork('dropout');
    const ck = loadCheckpoint(dir, { model: build(1), optimizer: adam({ lr: 0.01 }), rng: { dropout: target } });
    expect(target.uniform()).toBe(expected);
    expect(Rng.fromState(ck.rngStates['dropout']!).uniform()).toBe(expected);
    expect(() => restoreRng(new Rng(6), ck.rngStates['dropout']!)).toThrow(/not the saved stream/);
  });

  describe('damaged or mismatched checkpoints give clear errors', () => {
    const model = build(0);
    const opt = adam({ lr: 0.01 });
    const r = fit(model, data, { ...opts(opt), epochs: 1 });
    const save = () => {
      const dir = freshDir();
      saveCheckpoint(dir, { model, optimizer: opt, optState: r.optimizerState, epoch: 1, history: r.history });
      return dir;
    };
    const load = (dir: string, m = build(3), o: Optimizer<any> = adam({ lr: 0.01 })) => () => loadCheckpoint(dir, { model: m, optimizer: o });
    const expectError = (fn: () => unknown, re: RegExp) => {
      expect(fn).toThrow(DescentError);
      expect(fn).toThrow(re);
    };

    it('truncated JSON', () => {
      const dir = save();
      const p = join(dir, CHECKPOINT_JSON);
      writeFileSync(p, readFileSync(p, 'utf8').slice(0, 100));
      expectError(load(dir), /checkpoint\.json: not valid JSON \(100 bytes; truncated\?\)/);
    });
    it('truncated blob', () => {
      const dir = save();
      const p = join(dir, blobOf(dir));
      const size = readFileSync(p).length;
      truncateSync(p, size - 8);
      expectError(load(dir), new RegExp(`checkpoint-1\\.bin: ${size - 8} bytes, checkpoint\\.json expects ${size}`));
    });
    it('a flipped byte fails the checksum', () => {
      const dir = save();
      const p = join(dir, blobOf(dir));
      const b = readFileSync(p);
      b[10] = b[10]! ^ 0xff;
      writeFileSync(p, b);
      expectError(load(dir), /fails its CRC-32 check/);
    });
    it('an edited manifest fails its checksum', () => {
      const dir = save();
      const p = join(dir, CHECKPOINT_JSON);
      const j = JSON.parse(readFileSync(p, 'utf8'));
      j.tensors[0].length += 4;
      writeFileSync(p, JSON.stringify(j));
      expectError(load(dir), /the manifest fails its CRC-32 check/);
    });
    it('a missing file and a foreign format', () => {
      const dir = save();
      rmSync(join(dir, blobOf(dir)));
      expectError(load(dir), /checkpoint-1\.bin: cannot read the checkpoint's tensors \(ENOENT\)/);
      writeFileSync(join(dir, CHECKPOINT_JSON), '{"format":"other"}');
      expectError(load(dir), /format "other"/);
    });
    it('a model of another architecture, or another optimizer', () => {
      const dir = save();
      expectError(load(dir, build(0, [12, 9])), /'2\.weight' has shape \[8, 12\] in the checkpoint, \[9, 12\] in the model/);
      expectError(load(dir, build(0, [12])), /in the checkpoint but not the model: 4\.weight, 4\.bias/);
      expectError(load(dir, build(0), sgd({ lr: 0.1 })), /holds adam state, the optimizer is sgd/);
    });
  });
});
