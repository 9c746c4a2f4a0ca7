import { describe, expect, it } from 'vitest';
import { fromWire, toWire } from './wire.js';
import { checkJobMessage, JOB_PROTOCOL } from './message.js';
import { blobRef } from './blob.js';

describe('job values on the wire', () => {
  it('round-trips NaN, ±Infinity, -0, typed arrays (bit for bit) and objects holding a $t key', () => {
    const f32 = Float32Array.from([1.1, -0, 3e-38, NaN]);
    const v = { a: [NaN, Infinity, -Infinity, -0, 0.1 + 0.2], f32, i32: Int32Array.from([-1, 2]), nested: { $t: 'mine', v: 1 }, gone: undefined, s: 'x' };
    const back = fromWire(toWire(v)) as typeof v;
    expect(Object.is(back.a[0], NaN) && back.a[1] === Infinity && back.a[2] === -Infinity && Object.is(back.a[3], -0) && back.a[4] === 0.30000000000000004).toBe(true);
    expect(back.f32).toBeInstanceOf(Float32Array);
    expect(new Uint8Array(back.f32.buffer)).toEqual(new Uint8Array(f32.buffer));
    expect(Array.from(back.i32)).toEqual([-1, 2]);
    expect(back.nested).toEqual({ $t: 'mine', v: 1 });
    expect('gone' in back).toBe(false);
  });

  it('refuses values that are not data, naming the path and the kind', () => {
    expect(() => toWire({ m: new Map() }, { kind: 'k', config: null, seed: 0 })).toThrow(/job result: k value\.m is Map, not data/);
    expect(() => toWire([() => 1])).toThrow(/value\[0\] is function/);
  });
});

describe('job messages', () => {
  const good = { protocol: JOB_PROTOCOL, version: '1.2.3', run: 'r', index: 0, spec: { kind: 'k', config: {}, seed: 1 }, blobs: [] };
  it('accepts a well-formed message of the same version; rejects foreign, malformed and other-version ones', () => {
    expect(checkJobMessage(good, '1.2.3')).toEqual(good);
    expect(() => checkJobMessage('hello', '1.2.3')).toThrow(/not a descent job message: expected an object, got string/);
    expect(() => checkJobMessage({ ...good, protocol: 'x' }, '1.2.3')).toThrow(/protocol "x", expected 'descent-job\/1'/);
    expect(() => checkJobMessage(good, '1.2.4')).toThrow(/job submitted by @descent\/train 1\.2\.3, but this worker runs 1\.2\.4: refusing it/);
    expect(() => checkJobMessage({ ...good, spec: { kind: 'k', config: { f: 'x' }, seed: 1.5 } }, '1.2.3')).toThrow(/seed must be a non-negative integer/);
    expect(() => checkJobMessage({ ...good, blobs: [1] }, '1.2.3')).toThrow(/blobs must be a list/);
  });

  it('carries the run\'s core build (fast, kernel threads) when it has one, checked', () => {
    const fast = { ...good, core: { fast: true, threads: 2 } };
    expect(checkJobMessage(fast, '1.2.3')).toEqual(fast);
    for (const core of [null, { fast: 'yes', threads: 1 }, { fast: true, threads: 0 }, { fast: false }]) {
      expect(() => checkJobMessage({ ...good, core }, '1.2.3')).toThrow('not a descent job message: core must be {fast: boolean, threads: integer >= 1}');
    }
  });

  it('blob references are the SHA-256 of the content', async () => {
    // sha256("abc"), FIPS 180-2 appendix B.1
    expect(await blobRef(new TextEncoder().encode('abc'))).toBe('sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
