import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { DescentError } from '@descent/optim-wasm';
import { setFsFaultHook, writeFileAtomic, type FsStep } from './atomic.js';
import type { CheckpointContent } from './content.js';
import { crc32 } from './crc32.js';
import { CHECKPOINT_JSON, readCheckpoint, writeCheckpoint } from './files.js';

const root = mkdtempSync(join(tmpdir(), 'descent-files-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(() => setFsFaultHook(null));
let dirs = 0;
const freshDir = () => join(root, `d${dirs++}`);

const content = (epoch: number): CheckpointContent => ({
  meta: { epoch, batch: 3, history: [{ epoch: 1, trainLoss: 0.5 }] },
  tensors: [
    { name: 'model/w', shape: [2, 3], data: Float32Array.from([1, 2, 3, 4, 5, epoch]) },
    { name: 'optimizer', shape: [2], data: Float32Array.of(0.25, -epoch) },
  ],
});

function damageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DescentError);
    expect((e as DescentError).code).toBe('checkpoint-damaged');
    return (e as Error).message;
  }
  throw new Error('expected a damaged-checkpoint error');
}

/** Rewrite the manifest through `edit`, optionally with a valid checksum (a writer that knows the format). */
function editManifest(dir: string, edit: (m: Record<string, any>) => unknown, resum = false): void {
  const p = join(dir, CHECKPOINT_JSON);
  const parsed = JSON.parse(readFileSync(p, 'utf8'));
  let m: any = edit(parsed) ?? parsed;
  if (resum && m && typeof m === 'object') {
    const { crc32: _old, ...body } = m;
    m = { ...body, crc32: crc32(Buffer.from(JSON.stringify(body))) };
  }
  writeFileSync(p, JSON.stringify(m));
}

describe('checkpoint files (descent-checkpoint/1)', () => {
  it('round-trips meta and tensors bit for bit; a second save replaces the first blob', () => {
    const dir = freshDir();
    writeCheckpoint(dir, content(1));
    writeCheckpoint(dir, content(2));
    expect(readdirSync(dir).sort()).toEqual(['checkpoint-2.bin', CHECKPOINT_JSON]);
    const back = readCheckpoint(dir);
    expect(back.meta).toEqual(content(2).meta);
    expect(back.tensors).toEqual(content(2).tensors);
  });

  it('any edit of the manifest — epoch, batch, a history value — fails the checksum', () => {
    for (const edit of [(m: any) => void (m.meta.epoch = 4), (m: any) => void (m.meta.batch = 0), (m: any) => void (m.meta.history[0].trainLoss = 0.1)]) {
      const dir = freshDir();
      writeCheckpoint(dir, content(1));
      editManifest(dir, edit);
      expect(damageOf(() => readCheckpoint(dir))).toMatch(/checkpoint\.json: the manifest fails its CRC-32 check/);
    }
  });

  it('wrong types are named even under a valid checksum', () => {
    const cases: [(m: any) => void, RegExp][] = [
      [(m) => void (m.generation = '4'), /'generation' must be an integer >= 1, got "4"/],
      [(m) => void (m.meta = null), /'meta' must be an object, got null/],
      [(m) => void (m.tensors = null), /'tensors' must be an array/],
      [(m) => void (m.tensors[0].shape = [2, -3]), /'tensors\[0\]\.shape' must be an array of sizes/],
      [(m) => void (m.tensors[1].offset = 0), /'tensors\[1\]\.offset' must be 6/],
      [(m) => void (m.blob.file = '../x.bin'), /'blob\.file' must be 'checkpoint-<n>\.bin'/],
    ];
    for (const [edit, re] of cases) {
      const dir = freshDir();
      writeCheckpoint(dir, content(1));
      editManifest(dir, edit, true);
      expect(damageOf(() => readCheckpoint(dir))).toMatch(re);
    }
  });

  it('a null manifest, a directory in place of the blob, a foreign or older format', () => {
    const a = freshDir();
    writeCheckpoint(a, content(1));
    writeFileSync(join(a, CHECKPOINT_JSON), 'null');
    expect(damageOf(() => readCheckpoint(a))).toMatch(/the manifest is null, not an object/);
    const b = freshDir();
    writeCheckpoint(b, content(1));
    rmSync(join(b, 'checkpoint-1.bin'));
    mkdirSync(join(b, 'checkpoint-1.bin'));
    expect(damageOf(() => readCheckpoint(b))).toMatch(/checkpoint-1\.bin: not a regular file/);
    const c = freshDir();
    mkdirSync(c);
    writeFileSync(join(c, CHECKPOINT_JSON), JSON.stringify({ format: 'descent-cli-checkpoint/1', generation: 1 }));
    expect(damageOf(() => readCheckpoint(c))).toMatch(/written by an older descent \(descent-cli-checkpoint\/1\), which this version cannot read/);
    mkdirSync(join(c, 'sub'));
    expect(() => readCheckpoint(join(c, 'sub'))).toThrow(/no checkpoint \(checkpoint\.json is missing\)/);
  });

  it('a save that fails at any write, fsync, rename or unlink keeps the previous checkpoint readable', () => {
    const steps: FsStep[] = [];
    const probe = freshDir();
    writeCheckpoint(probe, content(1));
    setFsFaultHook((s) => void steps.push(s));
    writeCheckpoint(probe, content(2));
    setFsFaultHook(null);
    expect(steps).toEqual(['write', 'fsync', 'rename', 'write', 'fsync', 'rename', 'unlink']);
    for (let k = 0; k < steps.length; k++) {
      const dir = freshDir();
      writeCheckpoint(dir, content(1));
      let n = 0;
      setFsFaultHook(() => {
        if (n++ === k) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      });
      expect(() => writeCheckpoint(dir, content(2))).toThrow(/ENOSPC/);
      setFsFaultHook(null);
      // the manifest names epoch 1 until its rename succeeds, epoch 2 after
      const expected = k < 6 ? 1 : 2;
      expect(readCheckpoint(dir).meta['epoch']).toBe(expected);
      expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
      writeCheckpoint(dir, content(3)); // the next save works and cleans up
      expect(readCheckpoint(dir).meta['epoch']).toBe(3);
      expect(readdirSync(dir).filter((f) => f.endsWith('.bin'))).toHaveLength(1);
    }
  });

  it('temp files are unique per call, so two writers never share one', () => {
    const dir = freshDir();
    mkdirSync(dir);
    const seen: string[] = [];
    setFsFaultHook((s, p) => void (s === 'write' && seen.push(p)));
    writeFileAtomic(join(dir, 'a'), 'x');
    writeFileAtomic(join(dir, 'a'), 'y');
    expect(new Set(seen).size).toBe(2);
    expect(seen[0]).toContain(`.tmp-${process.pid}-`);
  });
});
