import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCli, descent, readJson, readJsonl, SMALL, start, tmp } from './helpers.js';

beforeAll(() => buildCli());

describe('descent train', () => {
  it('writes the run directory: config.json, metrics.jsonl (one line per epoch), checkpoint/, summary and report.html', async () => {
    const dir = tmp();
    const r = await descent(['train', ...SMALL, '--out', 'run'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/test accuracy \d+\.\d+%/);
    const run = join(dir, 'run');
    const config = readJson(join(run, 'config.json'));
    expect(config).toMatchObject({ kind: 'train', dataset: 'iris', model: 'mlp:8', epochs: 3, optimizer: 'adam', seed: 0 });
    const metrics = readJsonl(join(run, 'metrics.jsonl'));
    expect(metrics.map((m) => m['epoch'])).toEqual([1, 2, 3]);
    for (const m of metrics) for (const k of ['trainLoss', 'trainAccuracy', 'valLoss', 'valAccuracy', 'lr', 'step']) expect(Number.isFinite(m[k] as number)).toBe(true);
    const ckpt = readdirSync(join(run, 'checkpoint'));
    expect(ckpt).toContain('checkpoint.json');
    expect(ckpt.filter((f) => /^checkpoint-\d+\.bin$/.test(f))).toHaveLength(1);
    expect(ckpt.some((f) => f.endsWith('.tmp'))).toBe(false);
    const html = readFileSync(join(run, 'report.html'), 'utf8');
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
    expect(readJson(join(run, 'summary.json'))).toMatchObject({ epochs: 3, status: 'completed' });
  });

  it('defaults the run directory to runs/<timestamp>-<name>', async () => {
    const dir = tmp();
    const r = await descent(['train', ...SMALL], dir);
    expect(r.code, r.stderr).toBe(0);
    const runs = readdirSync(join(dir, 'runs'));
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z-iris-mlp8-adam$/);
  });

  it('--json prints one object {runId, config, epochs, seconds, final: {train, val, test}}', async () => {
    const dir = tmp();
    const r = await descent(['train', ...SMALL, '--json', '--out', 'j'], dir);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const o = JSON.parse(lines[0]!) as Record<string, any>;
    expect(Object.keys(o).sort()).toEqual(['config', 'epochs', 'final', 'runId', 'seconds']);
    expect(o['runId']).toBe('j');
    expect(o['epochs']).toBe(3);
    expect(o['config']).toMatchObject({ dataset: 'iris', epochs: 3 });
    for (const split of ['train', 'val', 'test']) {
      expect(Object.keys(o['final'][split]).sort()).toEqual(['accuracy', 'loss']);
      expect(o['final'][split].accuracy).toBeGreaterThanOrEqual(0);
      expect(o['final'][split].accuracy).toBeLessThanOrEqual(1);
    }
    // the numbers match the metrics file
    const last = readJsonl(join(dir, 'j', 'metrics.jsonl')).at(-1)!;
    expect(o['final'].train.loss).toBe(last['trainLoss']);
    expect(o['final'].val.accuracy).toBe(last['valAccuracy']);
  });

  it('regression reports mse instead of accuracy', async () => {
    const dir = tmp();
    const r = await descent(['train', '--dataset', 'sine', '--samples', '120', '--model', 'mlp:8', '--epochs', '2', '--json', '--quiet', '--out', 's'], dir);
    expect(r.code, r.stderr).toBe(0);
    const o = JSON.parse(r.stdout) as Record<string, any>;
    expect(Object.keys(o['final'].test).sort()).toEqual(['baselineMse', 'loss', 'mse']);
    expect(o['final'].test.mse).toBe(o['final'].test.loss);
    // the mean predictor beside it: about the variance of sin(x) on [-π, π] (1/2) plus the noise (0.04)
    expect(o['final'].test.baselineMse).toBeGreaterThan(0.3);
    expect(o['final'].test.baselineMse).toBeLessThan(0.8);
  });

  it('same config and seed: identical metrics; another seed: different', async () => {
    const dir = tmp();
    const flags = ['train', '--dataset', 'moons', '--samples', '200', '--model', 'mlp:16', '--epochs', '3', '--dropout', '0.2', '--mixup', '0.2', '--input-noise', '0.05', '--quiet'];
    await Promise.all([descent([...flags, '--out', 'a'], dir), descent([...flags, '--out', 'b'], dir), descent([...flags, '--seed', '1', '--out', 'c'], dir)]);
    const a = readFileSync(join(dir, 'a', 'metrics.jsonl'), 'utf8');
    expect(readFileSync(join(dir, 'b', 'metrics.jsonl'), 'utf8')).toBe(a);
    expect(readFileSync(join(dir, 'c', 'metrics.jsonl'), 'utf8')).not.toBe(a);
  });

  it('--resume continues bit-identically (4 epochs == 2 + 2: metrics, parameters and optimizer state)', async () => {
    const dir = tmp();
    const flags = ['--dataset', 'wine', '--model', 'mlp:16', '--batch-norm', '--dropout', '0.1', '--optimizer', 'adam', '--weight-noise', '0.01', '--quiet'];
    await descent(['train', ...flags, '--epochs', '4', '--out', 'straight'], dir);
    await descent(['train', ...flags, '--epochs', '2', '--out', 'resumed'], dir);
    const r = await descent(['train', '--resume', 'resumed', '--epochs', '4', '--quiet'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(dir, 'resumed', 'metrics.jsonl'), 'utf8')).toBe(readFileSync(join(dir, 'straight', 'metrics.jsonl'), 'utf8'));
    const ck = (d: string) => {
      const m = readJson<{ blob: { file: string } }>(join(dir, d, 'checkpoint', 'checkpoint.json'));
      return readFileSync(join(dir, d, 'checkpoint', m.blob.file));
    };
    expect(ck('resumed').equals(ck('straight'))).toBe(true);
  });

  it('Ctrl-C saves a checkpoint and exits 130; resuming from it reproduces the uninterrupted run', async () => {
    const dir = tmp();
    const flags = ['--dataset', 'moons', '--samples', '300', '--model', 'mlp:16', '--batch-size', '1', '--dropout', '0.1'];
    const child = start(['train', ...flags, '--epochs', '400', '--out', 'int'], dir);
    let out = '';
    let err = '';
    child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
    const code = await new Promise<number>((done) => {
      child.stdout!.on('data', (b: Buffer) => {
        out += b.toString();
        if (/epoch 1\/400/.test(out) && !child.killed) child.kill('SIGINT');
      });
      child.on('close', (c) => done(c ?? -1));
    });
    expect(code, err).toBe(130);
    expect(err).toMatch(/checkpoint saved/);
    const meta = readJson<{ meta: { epoch: number; batch: number } }>(join(dir, 'int', 'checkpoint', 'checkpoint.json')).meta;
    expect(meta.epoch).toBeGreaterThanOrEqual(1);
    const epochs = String(meta.epoch + 1);
    const resumed = await descent(['train', '--resume', 'int', '--epochs', epochs, '--quiet'], dir);
    expect(resumed.code, resumed.stderr).toBe(0);
    const straight = await descent(['train', ...flags, '--epochs', epochs, '--quiet', '--out', 'straight'], dir);
    expect(straight.code).toBe(0);
    expect(readFileSync(join(dir, 'int', 'metrics.jsonl'), 'utf8')).toBe(readFileSync(join(dir, 'straight', 'metrics.jsonl'), 'utf8'));
  }, 60_000);

  it('a non-finite loss exits 1 with one line and keeps the last good checkpoint', async () => {
    const dir = tmp();
    const r = await descent(['train', '--dataset', 'sine', '--samples', '200', '--model', 'mlp:32', '--optimizer', 'sgd', '--lr', '1e6', '--epochs', '5', '--quiet', '--out', 'div'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/non-finite loss/);
    expect(readJson(join(dir, 'div', 'summary.json'))).toMatchObject({ status: 'failed' });
  });

  it('--config reads a JSON file and flags override it; config.json reproduces the run', async () => {
    const dir = tmp();
    const first = await descent(['train', ...SMALL, '--optimizer', 'sgd', '--lr', '0.1', '--momentum', '0.9', '--out', 'first'], dir);
    expect(first.code, first.stderr).toBe(0);
    const again = await descent(['train', '--config', 'first/config.json', '--quiet', '--out', 'again'], dir);
    expect(again.code, again.stderr).toBe(0);
    expect(readFileSync(join(dir, 'again', 'metrics.jsonl'), 'utf8')).toBe(readFileSync(join(dir, 'first', 'metrics.jsonl'), 'utf8'));
    const over = await descent(['train', '--config', 'first/config.json', '--epochs', '1', '--quiet', '--out', 'over'], dir);
    expect(over.code).toBe(0);
    expect(readJson(join(dir, 'over', 'config.json'))).toMatchObject({ optimizer: 'sgd', epochs: 1, optim: { lr: 0.1, momentum: 0.9 } });
  });

  it('trains the conv net on digits with every regularizer on', async () => {
    const dir = tmp();
    const r = await descent(['train', '--model', 'cnn', '--epochs', '1', '--batch-norm', '--dropout', '0.1', '--augment', '--cutmix', '1', '--mixup', '0.2', '--label-smoothing', '0.1', '--l1', '1e-5', '--l2', '1e-4', '--early-stopping', '3', '--json', '--quiet', '--out', 'cnn'], dir);
    expect(r.code, r.stderr).toBe(0);
    const o = JSON.parse(r.stdout) as Record<string, any>;
    expect(o['final'].test.accuracy).toBeGreaterThan(0.1);
    expect(existsSync(join(dir, 'cnn', 'report.html'))).toBe(true);
  });
});
