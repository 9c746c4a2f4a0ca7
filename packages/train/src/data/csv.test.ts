import { describe, expect, it } from 'vitest';
import { DescentError } from '@descent/optim-wasm';
import { parseCsv } from './csv.js';
import { readCsv } from './csv-read.js';
import { validateDataset } from './dataset.js';

describe('parseCsv', () => {
  it('reads a header, a label by name, and maps text classes to sorted ints', () => {
    const d = validateDataset(parseCsv('a,b,species\n1,2,dog\n3,4.5,cat\n-1e-2,6,dog\n', { label: 'species', name: 'pets' }));
    expect([d.name, d.n, d.features, d.task, d.classes]).toEqual(['pets', 3, 2, 'classification', 2]);
    expect(d.classNames).toEqual(['cat', 'dog']);
    expect(d.featureNames).toEqual(['a', 'b']);
    expect(Array.from(d.x)).toEqual(Array.from(Float32Array.from([1, 2, 3, 4.5, -0.01, 6])));
    expect(Array.from(d.y)).toEqual([1, 0, 1]);
  });

  it('takes the label by index, negative from the end, anywhere in the row', () => {
    const text = '1,0,10\n2,1,20\n3,0,30\n';
    const last = parseCsv(text, { label: -1, task: 'regression' });
    expect(Array.from(last.y)).toEqual([10, 20, 30]);
    expect(last.featureNames).toEqual(['column 1', 'column 2']);
    const mid = parseCsv(text, { label: 1 });
    expect([mid.task, mid.classes, mid.features]).toEqual(['classification', 2, 2]);
    expect(Array.from(mid.x)).toEqual([1, 10, 2, 20, 3, 30]);
    expect(Array.from(mid.y)).toEqual([0, 1, 0]);
    expect(Array.from(parseCsv(text, { label: -2 }).y)).toEqual([0, 1, 0]);
  });

  it('maps integer labels (e.g. 1..3) to 0..K-1 numerically and keeps their names', () => {
    const d = parseCsv('0.5,10\n0.1,2\n0.7,1\n0.2,2\n', { label: -1, task: 'classification' });
    expect(d.classNames).toEqual(['1', '2', '10']);
    expect(Array.from(d.y)).toEqual([2, 1, 0, 1]);
  });

  it('infers regression for non-integer targets, classification for integers', () => {
    expect(parseCsv('1,0.5\n2,1.5\n', { label: -1 }).task).toBe('regression');
    expect(parseCsv('1,0\n2,1\n', { label: -1 }).task).toBe('classification');
    expect(parseCsv('1,3\n2,1\n3,2\n', { label: -1 }).task).toBe('regression');
    expect(parseCsv('1,0\n2,1\n', { label: -1, task: 'regression' }).y).toBeInstanceOf(Float32Array);
  });

  it('detects a header automatically, and honours header: true/false', () => {
    expect(parseCsv('x,y\n1,0\n2,1\n', { label: 1 }).n).toBe(2);
    expect(parseCsv('1,0\n2,1\n3,0\n', { label: 1 }).n).toBe(3);
    // Numbers in the header row need header: true, or a label given by its (numeric) name.
    const d = parseCsv('10,20\n1,0\n2,1\n', { label: 1, header: true });
    expect([d.n, d.featureNames]).toEqual([2, ['10']]);
    const named = parseCsv('2010,2011\n1,0\n2,1\n', { label: '2011' });
    expect([named.n, named.featureNames, named.encoding.label]).toEqual([2, ['2010'], '2011']);
    expect(() => parseCsv('x,y\n1,0\n', { label: 1, header: false })).toThrow(/line 1, column 1: 'x' is not a number/);
  });

  it('handles quotes, CRLF, a BOM, blank lines and other delimiters', () => {
    const d = parseCsv('\uFEFF"size, cm";"kind"\r\n"1.5";"a ""big"" one"\r\n\r\n2;b\r\n', { label: 'kind', delimiter: ';' });
    expect(d.featureNames).toEqual(['size, cm']);
    expect(d.classNames).toEqual(['a "big" one', 'b']);
    expect(Array.from(d.x)).toEqual([1.5, 2]);
    expect(readCsv('a,"x\ny",b\n\nc,d,e\nf,g,h').records.map((r) => r.line)).toEqual([1, 4, 5]);
  });

  describe('bad input names line and column', () => {
    const bad = (text: string, opts: Parameters<typeof parseCsv>[1], msg: RegExp) => {
      let err: unknown;
      try {
        parseCsv(text, opts);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(DescentError);
      expect((err as Error).message).toMatch(msg);
    };
    it('empty file', () => {
      bad('', { label: -1 }, /parseCsv: the input is empty/);
      bad('\n  \n', { label: -1 }, /the input is empty/);
    });
    it('header only', () => bad('a,b\n', { label: 'b' }, /line 1 is a header and there are no data rows/));
    it('ragged rows', () => {
      bad('a,b,c\n1,2,0\n3,4\n', { label: 'c' }, /line 3, column 3: row has 2 columns, expected 3 \(as on line 1\)/);
      bad('1,2,0\n\n3,4,5,6\n', { label: -1 }, /line 3, column 4: row has 4 columns, expected 3/);
    });
    it('non-numeric and empty feature cells', () => {
      bad('a,b,c\n1,2,0\n3,x7,1\n', { label: 'c' }, /line 3, column 2 \('b'\): 'x7' is not a number/);
      bad('a,b,c\n1,,0\n3,4,1\n', { label: 'c' }, /line 2, column 2 \('b'\): missing value '' \(the first of 1 missing cell in 1 row\)/);
      bad('a,b,c\n1,0x10,0\n3,4,1\n', { label: 'c' }, /line 2, column 2 \('b'\): '0x10' is not a number/);
      bad('a,b,c\n1,NaN,0\n3,4,1\n', { label: 'c' }, /line 2, column 2 \('b'\): missing value 'NaN'/);
      bad('a,b,c\n1,inf,0\n3,4,1\n', { label: 'c' }, /line 2, column 2 \('b'\): 'inf' is not finite/);
      bad('a,b,c\n1,1e39,0\n3,4,1\n', { label: 'c' }, /line 2, column 2 \('b'\): '1e39' overflows float32/);
      bad('a,b\n1,0.5\n2,oops\n', { label: 'b', task: 'regression' }, /line 3, column 2 \('b'\): 'oops' is not a number/);
      bad('a,b\n1,\n2,x\n', { label: 'b' }, /line 2, column 2 \('b'\): missing value ''/);
    });
    it('missing label column', () => {
      bad('a,b\n1,0\n', { label: 'species' }, /line 1: label column 'species' is not in the header \(columns: a, b\)/);
      bad('1,0\n2,1\n', { label: 2 }, /line 1: label index 2 is out of range for 2 columns/);
      bad('1,0\n2,1\n', { label: -3 }, /label index -3 is out of range/);
      bad('1,0\n2,1\n', { label: 'y', header: false }, /given by name but header is false/);
    });
    it('a single class', () => bad('a,y\n1,cat\n2,cat\n3,cat\n', { label: 'y' }, /column 2 \('y'\) has a single class 'cat' on lines 2\.\.4/));
    it('only a label column', () => bad('1\n2\n', { label: 0 }, /line 1: only 1 column/));
    it('broken quotes', () => {
      bad('a,b\n1,"0\n', { label: 1 }, /line 2, column 2: unterminated quoted field/);
      bad('a,b\n1,"0"x\n', { label: 1 }, /line 2, column 2: text after a closing quote/);
    });
  });
});
