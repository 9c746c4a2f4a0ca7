import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** A tensor as the fixtures store it: row-major data with a shape. */
export interface FixtureTensor {
  shape: number[];
  data: (number | boolean)[];
  dtype?: 'int64' | 'bool';
}

export interface FixtureCase {
  id: string;
  kind: string;
  family: string;
  variant: number;
  inputs: Record<string, any>;
  expected: Record<string, any>;
  rtol: number;
  atol: number;
  optional?: boolean;
  tags?: string[];
  [key: string]: any;
}

export interface FixtureFile {
  path: string;
  kind: string;
  cases: FixtureCase[];
}

export class FixtureFormatError extends Error {}

export function loadFixtureDir(dir: string): FixtureFile[] {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a directory');
    names = readdirSync(dir).filter((n) => n.endsWith('.json')).sort();
  } catch {
    throw new FixtureFormatError(`conformance: fixture directory not found: ${dir}`);
  }
  return names.map((n) => loadFixtureFile(join(dir, n)));
}

export function loadFixtureFile(path: string): FixtureFile {
  let doc: any;
  try {
    doc = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new FixtureFormatError(`conformance: ${path}: not valid JSON (${(e as Error).message})`);
  }
  if (!doc || typeof doc !== 'object' || typeof doc.kind !== 'string' || !Array.isArray(doc.cases)) {
    throw new FixtureFormatError(`conformance: ${path}: malformed fixture file (needs "kind" and a "cases" array)`);
  }
  for (const [i, c] of doc.cases.entries()) {
    if (!c || typeof c.id !== 'string' || typeof c.family !== 'string' || typeof c.expected !== 'object' || typeof c.inputs !== 'object') {
      throw new FixtureFormatError(`conformance: ${path}: case #${i} is malformed (needs id, family, inputs, expected)`);
    }
    c.kind ??= doc.kind;
    c.rtol ??= 1e-4;
    c.atol ??= 1e-6;
  }
  return { path, kind: doc.kind, cases: doc.cases };
}

/** Flattened numeric data of a fixture tensor (booleans become 0/1). */
export function data(t: FixtureTensor): number[] {
  return t.data.map((v) => (typeof v === 'boolean' ? (v ? 1 : 0) : v));
}
