import { copyFileSync, existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCli, CLI_ROOT, descent, readJson, SMALL, tmp } from './helpers.js';

beforeAll(() => buildCli());

describe('CLI and report polish', () => {
  it('report DIR --out FILE writes FILE and leaves the run directory alone', async () => {
    const dir = tmp();
    expect((await descent(['train', ...SMALL, '--out', 'run'], dir)).code).toBe(0);
    const before = statSync(join(dir, 'run', 'report.html')).mtimeMs;
    const r = await descent(['report', 'run', '--out', 'elsewhere.html'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`report: elsewhere.html\n`);
    expect(readFileSync(join(dir, 'elsewhere.html'), 'utf8')).toBe(readFileSync(join(dir, 'run', 'report.html'), 'utf8'));
    expect(statSync(join(dir, 'run', 'report.html')).mtimeMs).toBe(before);
  }, 120_000);

  it('stump ensembles are named after stumps; bagging progress and the cv report hold no raw JSON', async () => {
    const dir = tmp();
    const [boost, bag, cv] = await Promise.all([
      descent(['ensemble', 'boost', '--dataset', 'iris', '--learner', 'stump', '--rounds', '2'], dir),
      descent(['ensemble', 'bag', '--dataset', 'iris', '--learner', 'stump', '--members', '2', '--out', 'bag'], dir),
      descent(['cv', '--dataset', 'iris', '--model', 'mlp:4', '--epochs', '2', '--folds', '2', '--search', 'lr=0.01,0.001', '--out', 'cv'], dir),
    ]);
    for (const r of [boost, bag, cv]) expect(r.code, r.stderr).toBe(0);
    const runs = readdirSync(join(dir, 'runs'));
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatch(/-boost-iris-stumps$/);
    expect(readJson(join(dir, 'runs', runs[0]!, 'config.json'))).toMatchObject({ name: 'iris-stumps', model: 'stumps', learner: 'stump' });
    expect(bag.stdout).toMatch(/bagging: 2\/2 members: test accuracy: member \d\.\d{4}, vote \d\.\d{4}, average \d\.\d{4}/);
    expect(bag.stdout).not.toMatch(/[{}]/);
    const html = readFileSync(join(dir, 'cv', 'report.html'), 'utf8');
    expect(html).not.toMatch(/&quot;\w+&quot;:|\d\.\d{8,}/);
  }, 120_000);

  it('a run that diverges in epoch 1 says epoch 1 and prints no NaN epoch line', async () => {
    const dir = tmp();
    const r = await descent(['train', '--dataset', 'moons', '--optimizer', 'sgd', '--lr', '100', '--epochs', '3', '--out', 'run'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).not.toMatch(/NaN|Infinity/);
    // one line naming the epoch that diverged (1-based, as the progress lines count), no stack trace
    expect(r.stderr).toMatch(/^descent: training diverged: training stopped in epoch 1, batch \d+ \(counted from 1; after \d+ steps, lr 100\): non-finite [^\n]*--lr[^\n]*\n$/);
    expect(readJson(join(dir, 'run', 'summary.json'))).toMatchObject({ status: 'failed' });
  }, 120_000);

  it('experiments run on the user\'s data and model; those with their own setup refuse data flags', async () => {
    const dir = tmp();
    copyFileSync(join(CLI_ROOT, '..', 'train', 'datasets', 'penguins.csv'), join(dir, 'penguins.csv'));
    const [bag, cv, boost] = await Promise.all([
      descent(['experiment', 'bagging', '--dataset', 'iris', '--model', 'mlp:4', '--quick', '--json', '--out', 'bag'], dir),
      descent(['experiment', 'cross-validation', '--data', 'penguins.csv', '--label', 'species', '--missing', 'drop-rows', '--model', 'mlp:8', '--quick', '--json', '--out', 'cv'], dir),
      descent(['experiment', 'boosting', '--dataset', 'iris'], dir),
    ]);
    expect(bag.code, bag.stderr).toBe(0);
    expect(readJson(join(dir, 'bag', 'results.json'))['title']).toMatch(/on iris \(n 150\)/);
    expect(readJson(join(dir, 'bag', 'config.json'))).toMatchObject({ dataset: 'iris', model: 'mlp:4' });
    expect(cv.code, cv.stderr).toBe(0);
    const refit = readdirSync(join(dir, 'cv', 'checkpoint')).find((f) => f.includes('refit'))!;
    const meta = readJson(join(dir, 'cv', 'checkpoint', refit, 'checkpoint.json'))['meta'] as { config: Record<string, unknown> };
    expect(meta.config).toMatchObject({ data: 'penguins.csv', label: 'species', model: 'mlp:8', dataset: null });
    const rows = JSON.parse(cv.stdout).results as { method: string; mean: number }[];
    expect(rows.at(-1)!.mean).toBeGreaterThan(0.7); // the sealed test accuracy on penguins (majority class: 44 %)
    expect(boost.code).toBe(2);
    expect(boost.stderr).toMatch(/^descent: --dataset: experiment boosting runs on its own setup; .*bagging/);
    expect(existsSync(join(dir, 'runs'))).toBe(false);
  }, 300_000);
});
