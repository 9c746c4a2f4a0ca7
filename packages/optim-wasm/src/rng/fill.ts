import { DescentError } from '../errors.js';
import { F32Buffer } from '../core/buffer.js';
import type { Rng } from './rng.js';
import { splitWords } from './seed.js';
import { portableCos, portableLog, portableSin } from '../math/portable.js';

/** What a bulk fill writes into: a WASM region (filled by the kernel) or a typed array (TS loop). */
export type FillTarget = F32Buffer | Float32Array | Float64Array;

const INV_2_24 = 5.9604644775390625e-8;
const INV_2_32 = 2.3283064365386963e-10;
const TWO_PI = 6.283185307179586;
const fround = Math.fround;

/** ceil(p·2^24): the integer threshold shared by `Rng.bernoulli` and the mask fills. */
export function bernoulliThreshold(p: number, what: string): number {
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) throw new DescentError('rng-range', `${what} must be in [0, 1], got ${p}`);
  return Math.ceil(p * 16777216);
}

function cursor(rng: Rng): [number, number, number, number, number] {
  const [k0, k1] = splitWords(rng.seed);
  const [s0, s1] = rng.stream;
  return [k0, k1, s0, s1, rng.counter];
}

function checkTarget(buf: unknown, op: string): void {
  if (buf instanceof F32Buffer) buf.assertAlive(op);
  else if (!(buf instanceof Float32Array) && !(buf instanceof Float64Array)) {
    throw new DescentError('rng-target', `${op}: target must be an F32Buffer, Float32Array or Float64Array, got ${Object.prototype.toString.call(buf)}`);
  }
}

function checkFinite(value: number, what: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new DescentError('rng-range', `${what} must be a finite number, got ${typeof value === 'string' ? `the string ${JSON.stringify(value)}` : value}`);
}

/** Normal parameters as PyTorch takes them: a finite mean and a finite std >= 0. */
export function checkNormal(op: string, mean: number, std: number): void {
  checkFinite(mean, `${op}: mean`);
  checkFinite(std, `${op}: std`);
  if (std < 0) throw new DescentError('rng-range', `${op}: std must be >= 0, got ${std}`);
}

/**
 * buf[i] = lo + (hi − lo)·u_i, u_i = (w_i >>> 8)·2^-24, one word each. f32 targets compute in f32
 * (lo, hi − lo rounded to f32 first: identical bits in WASM and TS); Float64Array in f64.
 * The rounded sum can reach hi when |lo| ≫ hi − lo.
 */
export function fillUniform<T extends FillTarget>(rng: Rng, buf: T, lo: number, hi: number): T {
  checkTarget(buf, 'Rng.fillUniform');
  checkFinite(lo, 'Rng.fillUniform: lo');
  checkFinite(hi, 'Rng.fillUniform: hi');
  if (hi < lo) throw new DescentError('rng-range', `Rng.fillUniform: need lo <= hi, got lo=${lo}, hi=${hi}`);
  const n = buf.length;
  const [k0, k1, s0, s1, counter] = cursor(rng);
  const lo32 = fround(lo);
  const width32 = fround(fround(hi) - lo32);
  if (buf instanceof F32Buffer) {
    buf.core.exports.rngFillUniform(buf.ptr, n, k0, k1, s0, s1, counter, lo32, width32);
    rng.advance(n);
  } else if (buf instanceof Float32Array) {
    for (let i = 0; i < n; i++) buf[i] = fround(lo32 + fround(width32 * ((rng.nextUint32() >>> 8) * INV_2_24)));
  } else {
    for (let i = 0; i < n; i++) buf[i] = lo + (hi - lo) * ((rng.nextUint32() >>> 8) * INV_2_24);
  }
  return buf;
}

/**
 * Box–Muller in f64 over word pairs (a, b): r = sqrt(−2 ln((a + 1)·2^-32)), θ = 2π·b·2^-32,
 * buf[2j] = mean + std·r cos θ, buf[2j+1] = mean + std·r sin θ (f32 targets round once).
 * Consumes 2·ceil(n/2) words. The WASM kernel uses AssemblyScript's software log/sincos, so its
 * bits are the same in every engine; the TS path uses the engine's Math (agrees to ~1 f32 ulp).
 */
export function fillNormal<T extends FillTarget>(rng: Rng, buf: T, mean: number, std: number): T {
  checkTarget(buf, 'Rng.fillNormal');
  checkNormal('Rng.fillNormal', mean, std);
  const n = buf.length;
  const [k0, k1, s0, s1, counter] = cursor(rng);
  if (buf instanceof F32Buffer) {
    buf.core.exports.rngFillNormal(buf.ptr, n, k0, k1, s0, s1, counter, mean, std);
    rng.advance(2 * Math.ceil(n / 2));
    return buf;
  }
  const round = buf instanceof Float32Array ? fround : (x: number) => x;
  for (let i = 0; i < n; i += 2) {
    const a = rng.nextUint32();
    const b = rng.nextUint32();
    const r = Math.sqrt(-2 * portableLog((a + 1) * INV_2_32));
    const theta = TWO_PI * (b * INV_2_32);
    buf[i] = round(mean + std * (r * portableCos(theta)));
    if (i + 1 < n) buf[i + 1] = round(mean + std * (r * portableSin(theta)));
  }
  return buf;
}

/**
 * buf[i] = scale if (w_i >>> 8) < ceil(pKeep·2^24) else 0: exactly the `Rng.bernoulli(pKeep)`
 * sequence, one word each. With scale = 1/pKeep this is an inverted-dropout mask.
 */
export function fillBernoulli<T extends FillTarget>(rng: Rng, buf: T, pKeep: number, scale: number): T {
  checkTarget(buf, 'Rng.fillBernoulli');
  const threshold = bernoulliThreshold(pKeep, 'Rng.fillBernoulli: pKeep');
  checkFinite(scale, 'Rng.fillBernoulli: scale');
  const n = buf.length;
  const [k0, k1, s0, s1, counter] = cursor(rng);
  if (buf instanceof F32Buffer) {
    buf.core.exports.rngFillBernoulli(buf.ptr, n, k0, k1, s0, s1, counter, threshold, scale);
    rng.advance(n);
    return buf;
  }
  const s = buf instanceof Float32Array ? fround(scale) : scale;
  for (let i = 0; i < n; i++) buf[i] = (rng.nextUint32() >>> 8) < threshold ? s : 0;
  return buf;
}
