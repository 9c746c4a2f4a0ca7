// portableSin/Cos/Exp/Log against the true values (mpmath, 60 digits: fixtures/math): within 1 ulp
// everywhere (fdlibm's bound), and the special values IEEE 754 prescribes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DescentError } from '../errors.js';
import { portableCos, portableExp, portableLog, portablePow, portableSin } from './portable.js';

type Case = [x: number, trueHi: number, trueLo: number];
const fixture = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', '..', '..', 'fixtures', 'math', 'portable-math.json'), 'utf8')) as Record<'sin' | 'cos' | 'exp' | 'log', Case[]> & {
  pow: [x: number, y: number, trueHi: number, trueLo: number][];
};

/** The spacing of doubles at |v|. */
function ulp(v: number): number {
  const a = Math.abs(v);
  if (a < 2 ** -1022) return 2 ** -1074;
  return 2 ** (Math.floor(Math.log2(a)) - 52);
}

/** |got − true| in ulps of the true value; got − trueHi is exact when they are close. */
function ulpError(got: number, [, trueHi, trueLo]: Case): number {
  return Math.abs(got - trueHi - trueLo) / ulp(trueHi);
}

const functions = { sin: portableSin, cos: portableCos, exp: portableExp, log: portableLog };

describe('portable transcendental functions are within 1 ulp of the truth', () => {
  for (const [name, f] of Object.entries(functions) as [keyof typeof functions, (x: number) => number][]) {
    it(`${name}: ${fixture[name].length} arguments, near multiples of π/2 and subnormals included`, () => {
      let worst = 0;
      let worstX = NaN;
      let exact = 0;
      for (const c of fixture[name]) {
        const got = f(c[0]);
        const e = ulpError(got, c);
        if (e > worst) [worst, worstX] = [e, c[0]];
        if (got === c[1]) exact++;
      }
      expect(worst, `${name}: worst at x = ${worstX}`).toBeLessThan(1);
      // fdlibm rounds correctly on about 90–99 % of arguments; a wrong coefficient would not
      expect(exact / fixture[name].length).toBeGreaterThan(0.85);
    });
  }
});

describe('portablePow', () => {
  const cases = fixture.pow;
  it(`integer exponents (βᵗ up to t = 100000, x³, x⁻²): within 1 ulp, ${cases.filter(([, y]) => Number.isInteger(y)).length} cases`, () => {
    for (const [x, y, hi, lo] of cases.filter(([, y]) => Number.isInteger(y))) {
      expect(ulpError(portablePow(x, y), [x, hi, lo]), `${x} ** ${y}`).toBeLessThan(1);
    }
  });
  it(`other exponents: within 1 + 1.5·|y·ln x| ulps, ${cases.filter(([, y]) => !Number.isInteger(y)).length} cases`, () => {
    for (const [x, y, hi, lo] of cases.filter(([, y]) => !Number.isInteger(y))) {
      expect(ulpError(portablePow(x, y), [x, hi, lo]), `${x} ** ${y}`).toBeLessThan(1 + 1.5 * Math.abs(y * Math.log(x)));
    }
  });
  it('special values as ECMAScript specifies them', () => {
    const args = [0, -0, 1, -1, 2, -2, 0.5, Infinity, -Infinity, NaN, 3, -3];
    // every pair but a finite power with a fractional exponent has one correctly rounded answer
    for (const x of args) for (const y of args.filter((v) => v !== 0.5)) expect(Object.is(portablePow(x, y), x ** y), `${x} ** ${y}`).toBe(true);
    expect(portablePow(-2, 0.5)).toBeNaN();
    expect(portablePow(10, 400)).toBe(Infinity);
    expect(portablePow(0.5, 1100)).toBe(0);
  });
});

describe('special values', () => {
  it('sin and cos: ±0, ±Inf, NaN, tiny arguments', () => {
    expect(Object.is(portableSin(-0), -0)).toBe(true);
    expect(portableSin(1e-300)).toBe(1e-300);
    expect(portableCos(0)).toBe(1);
    expect(portableCos(-1e-300)).toBe(1);
    for (const x of [Infinity, -Infinity, NaN]) {
      expect(portableSin(x)).toBeNaN();
      expect(portableCos(x)).toBeNaN();
    }
  });
  it('exp: 0 → 1, 1 → e, ±Inf, overflow to Inf, underflow through subnormals to 0, NaN', () => {
    expect(portableExp(0)).toBe(1);
    expect(portableExp(1)).toBe(Math.E);
    expect(portableExp(Infinity)).toBe(Infinity);
    expect(portableExp(-Infinity)).toBe(0);
    expect(portableExp(709.8)).toBe(Infinity);
    expect(portableExp(-745.2)).toBe(0);
    expect(portableExp(-740)).toBeGreaterThan(0);
    expect(portableExp(-740)).toBeLessThan(2 ** -1022);
    expect(portableExp(NaN)).toBeNaN();
  });
  it('log: 1 → 0, ±0 → −Inf, negatives and NaN → NaN, Inf → Inf', () => {
    expect(portableLog(1)).toBe(0);
    expect(portableLog(0)).toBe(-Infinity);
    expect(portableLog(-0)).toBe(-Infinity);
    expect(portableLog(-1)).toBeNaN();
    expect(portableLog(NaN)).toBeNaN();
    expect(portableLog(Infinity)).toBe(Infinity);
  });
  it('sin and cos refuse arguments beyond 2^20·π/2 (the exactly reduced range), naming the function', () => {
    expect(() => portableSin(2e6)).toThrow(DescentError);
    expect(() => portableCos(-2e6)).toThrow(/portableCos: \|x\| ≤ 1647099/);
    expect(Number.isFinite(portableSin(1647099))).toBe(true);
  });
});
