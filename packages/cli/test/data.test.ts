import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCli, CLI_ROOT, descent, readJson, tmp } from './helpers.js';

beforeAll(() => buildCli());

const PENGUINS = join(CLI_ROOT, '..', 'train', 'datasets', 'penguins.csv');

describe('descent train on CSV files as people have them', () => {
  it('penguins: without --missing one line names the first missing cell; --missing drop-rows (= --dataset penguins) reaches ≥ 95 % test accuracy', async () => {
    const dir = tmp();
    copyFileSync(PENGUINS, join(dir, 'penguins.csv'));
    const bad = await descent(['train', '--data', 'penguins.csv', '--label', 'species', '--out', 'bad'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe("descent: penguins.csv: line 5, column 3 ('bill_length_mm'): missing value 'NA' (the first of 19 missing cells in 11 rows); set --missing to drop-rows, mean or median\n");
    const [csv, named] = await Promise.all([
      descent(['train', '--data', 'penguins.csv', '--label', 'species', '--missing', 'drop-rows', '--json', '--out', 'csv'], dir),
      descent(['train', '--dataset', 'penguins', '--json', '--out', 'named'], dir),
    ]);
    expect(csv.code, csv.stderr).toBe(0);
    expect(named.code, named.stderr).toBe(0);
    expect(csv.stderr).toMatch(/data: treating 'species' as classification: text labels, 3 classes/);
    expect(csv.stderr).toMatch(/data: one-hot 'island' → 3 columns \(Biscoe, Dream, Torgersen\)/);
    const a = JSON.parse(csv.stdout).final.test;
    expect(a.accuracy).toBeGreaterThanOrEqual(0.95);
    expect(JSON.parse(named.stdout).final.test).toEqual(a);
    // the encoding is saved with the run
    const config = readJson(join(dir, 'csv', 'config.json')) as { encoding: { columns: { name: string; categories?: string[] }[] } };
    expect(config.encoding.columns.find((c) => c.name === 'sex')?.categories).toEqual(['female', 'male']);
  }, 120_000);

  it('regression: the target is standardised and reported back in its units beside the mean predictor', async () => {
    const dir = tmp();
    // y = 1000·x + 50000 (+ a little wobble): a whole-number quantity, 40 distinct values
    const rows = Array.from({ length: 40 }, (_, i) => `${i / 10},${50000 + 100 * i + ((i * 7) % 5)}`);
    writeFileSync(join(dir, 'q.csv'), `x,TOTEMP\n${rows.join('\n')}\n`);
    const r = await descent(['train', '--data', 'q.csv', '--label', 'TOTEMP', '--model', 'linear', '--epochs', '40', '--lr', '0.05', '--json', '--out', 'q'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/data: treating 'TOTEMP' as regression: 40 distinct values in 40 rows/);
    const test = JSON.parse(r.stdout).final.test as { loss: number; mse: number; baselineMse: number };
    const config = readJson(join(dir, 'q', 'config.json')) as { encoding: { target: { std: number } } };
    const std = config.encoding.target.std;
    expect(test.mse).toBeCloseTo(test.loss * std * std, 0);
    expect(test.baselineMse).toBeGreaterThan(1e5); // in squared target units, not standardised ones
    expect(test.mse).toBeLessThan(test.baselineMse / 10);
  }, 120_000);

  it('bad cells and bad resumes exit 2 naming them', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'big.csv'), 'a,y\n1,0\n1e39,1\n3,0\n4,1\n');
    writeFileSync(join(dir, 'dup.csv'), 'label,f1,label\n0,1,1\n1,2,0\n');
    const big = await descent(['train', '--data', 'big.csv', '--label', 'y'], dir);
    expect([big.code, big.stderr]).toEqual([2, "descent: big.csv: line 3, column 1 ('a'): '1e39' overflows float32 (largest ±3.4e38)\n"]);
    const dup = await descent(['train', '--data', 'dup.csv', '--label', 'label'], dir);
    expect([dup.code, dup.stderr]).toEqual([2, "descent: dup.csv: line 1, column 3: duplicate column name 'label' (also column 1)\n"]);
    const first = await descent(['train', '--dataset', 'iris', '--model', 'mlp:4', '--epochs', '1', '--quiet', '--out', 'run'], dir);
    expect(first.code, first.stderr).toBe(0);
    const resumed = await descent(['train', '--resume', 'run', '--seed', '5', '--test-split', '0.3', '--epochs', '2'], dir);
    expect(resumed.code).toBe(2);
    expect(resumed.stderr).toBe('descent: --resume run: cannot change --test-split 0.2 → 0.3, --seed 0 → 5: they define the data split or the model (start a new run instead)\n');
  }, 120_000);
});
