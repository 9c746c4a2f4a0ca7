import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv.js';
import { parsePenguins } from './bundled.js';
import { validateDataset } from './dataset.js';

const penguins = readFileSync(new URL('../../datasets/penguins.csv', import.meta.url), 'utf8');
const rows = (x: Float32Array, w: number) => Array.from({ length: x.length / w }, (_, i) => Array.from(x.subarray(i * w, (i + 1) * w)));
const err = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
};

describe('parseCsv on CSV files as people have them', () => {
  it('one-hot encodes text columns with categories from the fit rows; unseen → all zeros', () => {
    const text = 'id,colour,size,y\n1,red,1.5,a\n2,blue,2,b\n3,green,3,a\n4,red,4,b\n';
    const d = validateDataset(parseCsv(text, { label: 'y', drop: ['id'], fitRows: () => [0, 1] }));
    expect(d.featureNames).toEqual(['colour=blue', 'colour=red', 'size']);
    expect(rows(d.x, 3)).toEqual([[0, 1, 1.5], [1, 0, 2], [0, 0, 3], [0, 1, 4]]);
    expect(d.encoding.columns[0]).toEqual({ name: 'colour', kind: 'category', categories: ['blue', 'red'] });
    // the saved encoding applied to other rows gives the same columns
    const again = parseCsv('id,colour,size,y\n9,green,1,a\n8,blue,0,b\n', { label: 'y', drop: ['id'], encoding: d.encoding });
    expect(rows(again.x, 3)).toEqual([[0, 0, 1], [1, 0, 0]]);
  });

  it('--features keeps only the named columns; unknown names are listed', () => {
    const text = 'a,b,c,y\n1,2,3,0\n4,5,6,1\n';
    expect(parseCsv(text, { label: 'y', features: ['c', 'a'] }).featureNames).toEqual(['c', 'a']);
    expect(err(() => parseCsv(text, { label: 'y', drop: ['z'] }))).toBe("parseCsv: 'drop': no column 'z' (columns: a, b, c, y)");
  });

  it('missing cells: error names the first (row, column, count); drop-rows, mean and median', () => {
    const text = 'a,b,y\n1,2,0\n3,NA,1\n?,6,0\n7,8,1\n';
    expect(err(() => parseCsv(text, { label: 'y' }))).toBe("parseCsv: line 3, column 2 ('b'): missing value 'NA' (the first of 2 missing cells in 2 rows); set 'missing' to drop-rows, mean or median");
    const dropped = parseCsv(text, { label: 'y', missing: 'drop-rows' });
    expect([dropped.n, dropped.droppedLines]).toEqual([2, [3, 4]]);
    expect(rows(parseCsv(text, { label: 'y', missing: 'mean', fitRows: () => [0, 1, 2] }).x, 2)).toEqual([[1, 2], [3, 4], [2, 6], [7, 8]]);
    expect(rows(parseCsv(text, { label: 'y', missing: 'median' }).x, 2)).toEqual([[1, 2], [3, 6], [3, 6], [7, 8]]);
    // a label cannot be filled in: its row is dropped
    const noLabel = parseCsv('a,y\n1,0\nNA,1\n3,\n5,1\n', { label: 'y', missing: 'mean' });
    expect([noLabel.n, noLabel.droppedLines, rows(noLabel.x, 1)]).toEqual([3, [4], [[1], [3], [5]]]);
  });

  it('detects ; tab and whitespace delimiters, quoted and single-quoted headers', () => {
    for (const [text, delim] of [
      ["'a';'b';'y'\n1;2;0\n3;4;1\n", ';'],
      ['"a"\t"b"\t"y"\n1\t2\t0\n3\t4\t1\n', '\t'],
      ['a   b y\n  1 2   0\n3 4 1\n', 'whitespace'],
    ]) {
      const d = parseCsv(text!, { label: 'y' });
      expect([d.featureNames, rows(d.x, 2)], delim).toEqual([['a', 'b'], [[1, 2], [3, 4]]]);
    }
    expect(parseCsv('a|b\n1|0\n2|1\n', { label: 'b', delimiter: 'pipe' }).n).toBe(2);
  });

  it('states the task rule; an integer quantity is regression, a NaN label is named, not a class', () => {
    const totemp = 'GNP,TOTEMP\n' + Array.from({ length: 16 }, (_, i) => `${234 + i * 20.5},${60323 + i * 97}`).join('\n');
    const d = parseCsv(totemp, { label: 'TOTEMP', scaleTarget: true });
    expect(d.task).toBe('regression');
    expect(d.encoding.taskReason).toMatch(/^treating 'TOTEMP' as regression: 16 distinct values in 16 rows/);
    // standardised on the fit rows: mean 0, population std 1
    const y = Array.from(d.y);
    expect(Math.abs(y.reduce((a, b) => a + b, 0))).toBeLessThan(1e-4);
    expect(d.encoding.target!.mean).toBeCloseTo(60323 + 7.5 * 97, 6);
    const floats = 'x,y\n1,0.5\n2,1.25\n3,NaN\n4,2.5\n';
    expect(err(() => parseCsv(floats, { label: 'y' }))).toMatch(/line 4, column 2 \('y'\): missing value 'NaN'/);
    expect(parseCsv(floats, { label: 'y', missing: 'drop-rows' }).task).toBe('regression');
    expect(err(() => parseCsv('x,y\n1,0.5\n2,oops\n3,0.7\n', { label: 'y' }))).toMatch(/line 3, column 2 \('y'\): 'oops' is not a number/);
  });

  it('duplicate header names are an error', () => {
    expect(err(() => parseCsv('label,f1,label\n0,1,1\n1,2,0\n', { label: 'label' }))).toBe("parseCsv: line 1, column 3: duplicate column name 'label' (also column 1)");
  });

  it('penguins: 344 rows, 11 with NA dropped, island and sex one-hot', () => {
    expect(err(() => parseCsv(penguins, { label: 'species' }))).toMatch(/^parseCsv: line 5, column 3 \('bill_length_mm'\): missing value 'NA' \(the first of 19 missing cells in 11 rows\)/);
    const d = validateDataset(parsePenguins(penguins));
    expect([d.n, d.features, d.classNames]).toEqual([333, 10, ['Adelie', 'Chinstrap', 'Gentoo']]);
    expect(d.featureNames).toEqual(['island=Biscoe', 'island=Dream', 'island=Torgersen', 'bill_length_mm', 'bill_depth_mm', 'flipper_length_mm', 'body_mass_g', 'sex=female', 'sex=male', 'year']);
    expect(rows(d.x, 10)[0]).toEqual([0, 0, 1, Math.fround(39.1), Math.fround(18.7), 181, 3750, 0, 1, 2007]);
  });
});
