import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeCheckpoint } from '@descent/train';
import { CliError } from '../errors.js';
import { readResumeCheckpoint } from './resume.js';

const root = mkdtempSync(join(tmpdir(), 'resume-'));
let n = 0;
const saved = (meta: Record<string, unknown>) => {
  const dir = join(root, `c${n++}`);
  writeCheckpoint(dir, { meta, tensors: [{ name: 'w', shape: [1], data: Float32Array.of(1) }] });
  return dir;
};

describe('the checkpoint a --resume continues from', () => {
  it('accepts a trainer position; refuses wrong types even under a valid checksum (exit 2, naming the field)', () => {
    expect(readResumeCheckpoint(saved({ epoch: 2, batch: 0, history: [{}, {}] })).meta['epoch']).toBe(2);
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ epoch: '4', batch: 0, history: [] }, /meta\.epoch must be an integer >= 0, got "4"/],
      [{ epoch: -3, batch: 0, history: [] }, /meta\.epoch must be an integer >= 0, got -3/],
      [{ epoch: 1, batch: 1.5, history: [{}] }, /meta\.batch must be an integer >= 0, got 1\.5/],
      [{ epoch: 1, batch: 0, history: null }, /meta\.history must be an array of epoch records, got null/],
    ];
    for (const [meta, re] of cases) {
      let err: unknown;
      try {
        readResumeCheckpoint(saved(meta));
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(CliError);
      expect((err as CliError).exitCode).toBe(2);
      expect((err as Error).message).toMatch(re);
    }
  });
});
