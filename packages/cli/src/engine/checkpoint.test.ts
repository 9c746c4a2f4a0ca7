import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCheckpoint, saveCheckpoint } from './checkpoint.js';

const content = (v: number) => ({ meta: { epoch: v }, tensors: [{ name: 'model/w', shape: [2, 2], data: Float32Array.of(v, v + 1, v + 2, v + 3) }] });

describe('checkpoints', () => {
  it('round-trip tensors and metadata bit for bit, keeping only the newest blob', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ckpt-'));
    saveCheckpoint(dir, content(1));
    saveCheckpoint(dir, content(2.5));
    const c = loadCheckpoint(dir);
    expect(c.meta).toEqual({ epoch: 2.5 });
    expect(Array.from(c.tensors[0]!.data)).toEqual([2.5, 3.5, 4.5, 5.5]);
    expect(readdirSync(dir).filter((f) => f.endsWith('.bin'))).toHaveLength(1);
  });
  it('a failed write keeps the previous checkpoint loadable', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ckpt-'));
    saveCheckpoint(dir, content(1));
    mkdirSync(join(dir, 'checkpoint.json.tmp')); // the manifest cannot be written
    expect(() => saveCheckpoint(dir, content(7))).toThrow();
    const c = loadCheckpoint(dir);
    expect(c.meta).toEqual({ epoch: 1 });
    expect(Array.from(c.tensors[0]!.data)).toEqual([1, 2, 3, 4]);
  });
  it('detects a damaged blob by its checksum', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ckpt-'));
    saveCheckpoint(dir, content(1));
    const blob = readdirSync(dir).find((f) => f.endsWith('.bin'))!;
    writeFileSync(join(dir, blob), Buffer.from(new Float32Array([1, 2, 3, 5]).buffer));
    expect(() => loadCheckpoint(dir)).toThrow(/checksum mismatch/);
  });
});
