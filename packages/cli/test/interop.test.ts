// `descent export RUN --format safetensors` and `descent import FILE.safetensors`: PyTorch's
// state-dict names and layouts; an export evaluates to exactly the run's own scores, PyTorch's
// file loads onto --model mlp:8 --batch-norm (its architecture), and mismatches are one line, exit 2.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeSafetensors } from '@descent/autodiff';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCheckpoint } from '@descent/train';
import { buildCli, descent, readJson, REPO_ROOT, tmp } from './helpers.js';

beforeAll(() => buildCli());

const FIXTURE = join(REPO_ROOT, 'fixtures', 'interop', 'mlp-bn.safetensors');
const IRIS_BN = ['--dataset', 'iris', '--model', 'mlp:8', '--batch-norm', '--quiet'];

describe('descent export / import (safetensors, PyTorch names)', { timeout: 60_000 }, () => {
  it("export writes the checkpoint's model with PyTorch names; import --evaluate reproduces the run's test score exactly", async () => {
    const dir = tmp();
    const r = await descent(['train', ...IRIS_BN, '--epochs', '2', '--out', 'run'], dir);
    expect(r.code, r.stderr).toBe(0);
    const e = await descent(['export', 'run', '--format', 'safetensors', '--json'], dir);
    expect(e.code, e.stderr).toBe(0);
    const file = join(dir, 'run', 'model.safetensors');
    expect(JSON.parse(e.stdout)).toMatchObject({ file: join('run', 'model.safetensors'), tensors: 9 });
    const { tensors } = decodeSafetensors(new Uint8Array(readFileSync(file)));
    expect(Object.keys(tensors).sort()).toEqual(['0.bias', '0.weight', '1.bias', '1.num_batches_tracked', '1.running_mean', '1.running_var', '1.weight', '3.bias', '3.weight']);
    expect(tensors['0.weight']!.shape).toEqual([8, 4]);
    expect(tensors['1.num_batches_tracked']!.dtype).toBe('I64');
    const ckpt = readCheckpoint(join(dir, 'run', 'checkpoint'));
    const w = ckpt.tensors.find((t) => t.name === 'model/0.weight')!;
    expect(tensors['0.weight']!.data).toEqual(w.data);

    const summary = readJson<{ final: { test: { loss: number; accuracy: number } } }>(join(dir, 'run', 'summary.json'));
    const i = await descent(['import', file, ...IRIS_BN, '--evaluate', '--json'], dir);
    expect(i.code, i.stderr).toBe(0);
    const scores = JSON.parse(i.stdout).scores;
    expect(scores.test.loss).toBe(summary.final.test.loss);
    expect(scores.test.accuracy).toBe(summary.final.test.accuracy);
  });

  it("PyTorch's state dict loads onto the same architecture and keeps training", async () => {
    const dir = tmp();
    const ev = await descent(['import', FIXTURE, ...IRIS_BN, '--evaluate', '--json'], dir);
    expect(ev.code, ev.stderr).toBe(0);
    expect(Object.keys(JSON.parse(ev.stdout).scores)).toEqual(['train', 'val', 'test']);
    const tr = await descent(['import', FIXTURE, ...IRIS_BN, '--epochs', '2', '--out', 'cont', '--json'], dir);
    expect(tr.code, tr.stderr).toBe(0);
    const first = readJson<{ runId: string }>(join(dir, 'cont', 'summary.json'));
    expect(first.runId).toBe('cont');
  });

  it('a file that does not fit --model, a missing file, a directory that is no run: one line, exit 2', async () => {
    const dir = tmp();
    const wrong = await descent(['import', FIXTURE, '--dataset', 'iris', '--model', 'mlp:16', '--evaluate'], dir);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toBe(`descent: ${FIXTURE}: weights: the file does not match the model (missing keys: 2.weight, 2.bias; unexpected keys: 1.bias, 1.num_batches_tracked, 1.running_mean, 1.running_var, 1.weight, 3.bias, 3.weight)\n`);
    const missing = await descent(['import', 'nope.safetensors', ...IRIS_BN, '--evaluate'], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('descent: nope.safetensors: cannot read (ENOENT)\n');
    const noRun = await descent(['export', 'nowhere'], dir);
    expect(noRun.code).toBe(2);
    expect(noRun.stderr).toBe('descent: nowhere: not a run directory (no config.json)\n');
  });
});
