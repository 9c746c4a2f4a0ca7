import { describe, expect, it, vi } from 'vitest';
import { DescentError } from '../errors.js';
import { compileCoreModule, loadCore, loadCoreSync, relaxedSimdSupported } from './loader.js';

describe('Core memory', () => {
  it('hands out 16-byte aligned, zeroed regions and reuses freed ones', () => {
    const core = loadCoreSync();
    const a = core.alloc(5);
    const b = core.alloc(3);
    expect(a.ptr % 16).toBe(0);
    expect(b.ptr % 16).toBe(0);
    expect(b.ptr).toBeGreaterThanOrEqual(a.ptr + 5 * 4);
    expect([...a.read()]).toEqual([0, 0, 0, 0, 0]);
    a.write([1, 2, 3, 4, 5]);
    expect([...a.read()]).toEqual([1, 2, 3, 4, 5]);
    const ptr = a.ptr;
    a.free();
    const c = core.alloc(4);
    expect(c.ptr).toBe(ptr);
  });

  it('tidy frees what the scope allocated except the returned buffers', () => {
    const core = loadCoreSync();
    const before = core.liveBytes;
    const kept = core.tidy(() => {
      core.alloc(100);
      core.alloc(7);
      return core.alloc(8).fill(2);
    });
    expect(core.liveBytes - before).toBe(32);
    expect([...kept.read()]).toEqual([2, 2, 2, 2, 2, 2, 2, 2]);
    kept.free();
    expect(core.liveBytes).toBe(before);
  });

  it('a repeated scoped workload (a training step) never grows memory after the first pass', () => {
    const core = loadCoreSync();
    const params = core.persistent(1000);
    const step = () =>
      core.tidy(() => {
        const sizes = [300, 17, 1000, 64, 5, 999];
        const bufs = sizes.map((n) => core.alloc(n));
        bufs[1]!.free();
        core.alloc(40);
        return undefined;
      });
    step();
    const top = core.heapTop;
    const bytes = core.memoryBytes;
    for (let i = 0; i < 200; i++) step();
    expect(core.heapTop).toBe(top);
    expect(core.memoryBytes).toBe(bytes);
    expect(params.isAlive).toBe(true);
  });

  it('re-derives views after memory.grow', () => {
    const core = loadCoreSync();
    const a = core.persistent(4).write([1, 2, 3, 4]);
    const oldBuffer = core.memory.buffer;
    const big = core.alloc(8 * 1024 * 1024); // 32 MiB forces grow
    expect(core.memory.buffer).not.toBe(oldBuffer);
    expect([...a.read()]).toEqual([1, 2, 3, 4]);
    big.free();
  });

  it('exhausting memory is a DescentError naming the bytes, not a trap', () => {
    const core = loadCoreSync({ maxBytes: 8 * 1024 * 1024 });
    try {
      core.alloc(4 * 1024 * 1024);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DescentError);
      expect((e as Error).message).toMatch(/16777216 bytes/);
    }
  });

  it('rejects bad lengths and use after free', () => {
    const core = loadCoreSync();
    expect(() => core.alloc(-1)).toThrow(/non-negative integer/);
    expect(() => core.alloc(2.5)).toThrow(/non-negative integer/);
    const a = core.alloc(4);
    a.free();
    expect(() => a.read()).toThrow(/was freed/);
  });

  it('loads the relaxed build when forced and supported, and says so when not', () => {
    if (relaxedSimdSupported()) expect(loadCoreSync({ variant: 'relaxed' }).exports.isRelaxedBuild()).toBe(1);
    else expect(() => loadCoreSync({ variant: 'relaxed' })).toThrow(/relaxed SIMD/);
    expect(loadCoreSync({ variant: 'simd' }).exports.isRelaxedBuild()).toBe(0);
  });

  it('a module compiled once instantiates as many cores as asked, each with its own memory (what a page hands its workers)', async () => {
    const module = await compileCoreModule('simd');
    const [a, b] = await Promise.all([loadCore({ source: module }), loadCore({ source: module })]);
    expect(a.exports.isRelaxedBuild()).toBe(0);
    const x = a.fromArray([1, 2, 3]);
    b.fromArray([9, 9, 9, 9, 9]);
    expect(Array.from(x.read())).toEqual([1, 2, 3]);
    expect(a.memory.buffer).not.toBe(b.memory.buffer);
  });

  it('an engine without WASM SIMD gets one clear error, not a compile failure', () => {
    const spy = vi.spyOn(WebAssembly, 'validate').mockReturnValue(false);
    try {
      expect(() => loadCoreSync()).toThrow(/no WebAssembly SIMD/);
      expect(() => loadCoreSync({ variant: 'auto' })).toThrow(DescentError);
    } finally {
      spy.mockRestore();
    }
  });
});
