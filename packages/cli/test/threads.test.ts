// --threads and --fast: a whole training run's metrics.jsonl is bit-identical for 1, 2 and 3
// kernel threads (a model large enough that its matmuls and Adam updates are split over
// threads); bad values are one-line usage errors.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCli, descent, tmp } from './helpers.js';

beforeAll(() => buildCli());

const SPLIT = ['--dataset', 'digits', '--model', 'mlp:256-256', '--batch-size', '128', '--epochs', '2', '--quiet'];

describe('descent --threads / --fast', () => {
  it('train: metrics.jsonl is bit-identical for --threads 1, 2 and 3', async () => {
    const dir = tmp();
    const metrics: string[] = [];
    for (const threads of ['1', '2', '3']) {
      const out = join(dir, `t${threads}`);
      const r = await descent(['train', ...SPLIT, '--threads', threads, '--out', out], dir);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      metrics.push(readFileSync(join(out, 'metrics.jsonl'), 'utf8'));
    }
    expect(metrics[0]!.trim().split('\n')).toHaveLength(2);
    expect(metrics[1]).toBe(metrics[0]);
    expect(metrics[2]).toBe(metrics[0]);
  }, 120_000);

  it('--threads that is not an integer from 1 to 64 is a one-line usage error', async () => {
    for (const [bad, why] of [['0', 'an integer >= 1'], ['1.5', 'an integer >= 1'], ['many', 'an integer >= 1'], ['65', 'an integer from 1 to 64']]) {
      const r = await descent(['train', '--threads', bad!, '--dataset', 'iris', '--epochs', '1', '--quiet'], tmp());
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`descent: --threads: must be ${why}, got ${bad}\n`);
    }
  }, 60_000);

  it('--fast trains with the relaxed-SIMD build (setting the V8 flag Node 20 needs)', async () => {
    const dir = tmp();
    const r = await descent(['train', '--fast', '--dataset', 'iris', '--model', 'mlp:8', '--epochs', '2', '--quiet', '--out', join(dir, 'run')], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'run', 'metrics.jsonl'), 'utf8').trim().split('\n')).toHaveLength(2);
  }, 60_000);
});
