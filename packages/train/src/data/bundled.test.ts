import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DescentError } from '@descent/optim-wasm';
import { DATASET_CITATIONS, parseDigits, parseIris, parseWine } from './bundled.js';
import { loadBreastCancer, loadDigits, loadIris, loadWine } from './bundled-node.js';
import { classCounts, validateDataset } from './dataset.js';

const f32 = (v: number[]) => Array.from(Float32Array.from(v));
const row = (x: Float32Array, features: number, i: number) => Array.from(x.subarray(i * features, (i + 1) * features));

describe('bundled datasets', () => {
  it('iris: 150 × 4, 50 per class, first and last rows', () => {
    const d = validateDataset(loadIris());
    expect([d.name, d.n, d.features, d.task, d.classes]).toEqual(['iris', 150, 4, 'classification', 3]);
    expect(d.classNames).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(d.featureNames).toEqual(['sepal length (cm)', 'sepal width (cm)', 'petal length (cm)', 'petal width (cm)']);
    expect(Array.from(classCounts(d.y as Int32Array, 3))).toEqual([50, 50, 50]);
    expect(row(d.x, 4, 0)).toEqual(f32([5.1, 3.5, 1.4, 0.2]));
    expect(row(d.x, 4, 149)).toEqual(f32([5.9, 3.0, 5.1, 1.8]));
    expect([d.y[0], d.y[149]]).toEqual([0, 2]);
  });

  it('wine: 178 × 13, classes 59/71/48', () => {
    const d = validateDataset(loadWine());
    expect([d.n, d.features, d.classes]).toEqual([178, 13, 3]);
    expect(d.classNames).toEqual(['class_0', 'class_1', 'class_2']);
    expect(d.featureNames?.[12]).toBe('proline');
    expect(Array.from(classCounts(d.y as Int32Array, 3))).toEqual([59, 71, 48]);
    expect(row(d.x, 13, 0)).toEqual(f32([14.23, 1.71, 2.43, 15.6, 127, 2.8, 3.06, 0.28, 2.29, 5.64, 1.04, 3.92, 1065]));
  });

  it('breast cancer: 569 × 30, malignant 212 = class 0, benign 357 = class 1', () => {
    const d = validateDataset(loadBreastCancer());
    expect([d.n, d.features, d.classes]).toEqual([569, 30, 2]);
    expect(d.classNames).toEqual(['malignant', 'benign']);
    expect(d.featureNames?.slice(0, 2)).toEqual(['mean radius', 'mean texture']);
    expect(d.featureNames?.[29]).toBe('worst fractal dimension');
    expect(Array.from(classCounts(d.y as Int32Array, 2))).toEqual([212, 357]);
    expect(row(d.x, 30, 0).slice(0, 4)).toEqual(f32([17.99, 10.38, 122.8, 1001]));
    expect(d.y[0]).toBe(0);
  });

  it('digits: 1797 images [1, 8, 8] of pixel counts 0..16, labels 0..9', () => {
    const d = validateDataset(loadDigits());
    expect([d.n, d.features, d.classes, d.shape]).toEqual([1797, 64, 10, [1, 8, 8]]);
    expect(Array.from(classCounts(d.y as Int32Array, 10))).toEqual([178, 182, 177, 183, 181, 182, 181, 179, 174, 180]);
    expect(d.x.reduce((a, b) => Math.min(a, b))).toBe(0);
    expect(d.x.reduce((a, b) => Math.max(a, b))).toBe(16);
    expect(row(d.x, 64, 0).slice(0, 8)).toEqual([0, 0, 5, 13, 9, 1, 0, 0]);
    expect([d.y[0], d.y[1], d.y[1796]]).toEqual([0, 1, 8]);
    expect(d.featureNames?.[9]).toBe('pixel_1_1');
  });

  it('parse functions take text or bytes (the browser path) and give the same data', () => {
    const url = new URL('../../datasets/iris.csv', import.meta.url);
    const bytes = readFileSync(url);
    const a = parseIris(bytes.toString('utf8'));
    const b = parseIris(new Uint8Array(bytes));
    expect(Array.from(a.x)).toEqual(Array.from(b.x));
    const gz = readFileSync(new URL('../../datasets/digits.csv.gz', import.meta.url));
    expect(parseDigits(gunzipSync(gz)).n).toBe(1797);
    expect(() => parseDigits(new Uint8Array(gz))).toThrow(/gzip bytes; decompress first/);
  });

  it('rejects a malformed file with the line named', () => {
    expect(() => parseWine('3,4,a,b\n1,2,3,4,0\n')).toThrow(/line 1 should be 'count,13,className/);
    expect(() => parseIris('2,4,a,b,c\n1,2,3,4,0\n1,2,3,0\n')).toThrow(/parseIris: line 3: 4 columns, expected 5/);
    expect(() => parseIris('2,4,a,b,c\n1,2,3,4,0\n1,2,x,4,0\n')).toThrow(/line 3, column 3: 'x' is not a number/);
    expect(() => parseIris('2,4,a,b,c\n1,2,3,4,0\n1,2,3,4,3\n')).toThrow(/line 3, column 5: label 3 is not a class in \[0, 3\)/);
    expect(() => parseIris('3,4,a,b,c\n1,2,3,4,0\n')).toThrow(DescentError);
  });

  it('keeps the citations', () => {
    expect(Object.keys(DATASET_CITATIONS).sort()).toEqual(['breastCancer', 'digits', 'iris', 'penguins', 'wine']);
    expect(DATASET_CITATIONS.iris).toMatch(/Fisher/);
    expect(DATASET_CITATIONS.digits).toMatch(/CC BY 4\.0/);
  });
});
