import { DescentError } from '../errors.js';
import type { BinaryOp, CompareOp, ReduceOp, UnaryOp, UnaryParams } from '../backend/backend.js';

// Op codes shared with assembly/elementwise.ts and assembly/reduce.ts (keep in sync).
export const UNARY_CODES: Readonly<Record<UnaryOp, number>> = {
  neg: 0,
  abs: 1,
  exp: 2,
  log: 3,
  sqrt: 4,
  square: 5,
  reciprocal: 6,
  tanh: 7,
  sigmoid: 8,
  relu: 9,
  leakyRelu: 10,
  elu: 11,
  gelu: 12,
  geluTanh: 13,
  softplus: 14,
  clamp: 15,
  sign: 16,
  powScalar: 17,
  sin: 18,
  cos: 19,
};

export const BINARY_CODES: Readonly<Record<BinaryOp, number>> = { add: 0, sub: 1, mul: 2, div: 3, pow: 4, maximum: 5, minimum: 6 };
export const COMPARE_CODES: Readonly<Record<CompareOp, number>> = { eq: 7, ne: 8, lt: 9, le: 10, gt: 11, ge: 12 };
/** out = a (b ignored): the broadcastTo copy. */
export const COPY_CODE = 13;

export const REDUCE_OPS: readonly ReduceOp[] = ['sum', 'mean', 'max', 'min', 'logsumexp', 'var'];

export function opCode<K extends string>(table: Readonly<Record<K, number>>, op: K, kernel: string): number {
  const code = Object.prototype.hasOwnProperty.call(table, op) ? table[op] : undefined;
  if (code === undefined) {
    throw new DescentError('op', `${kernel}: unknown op '${String(op)}' (expected one of ${Object.keys(table).join(', ')})`);
  }
  return code;
}

function finiteParam(value: number, kernel: string, name: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new DescentError('param', `${kernel}: ${name} must be a finite number, got ${String(value)}`);
  }
  return value;
}

/**
 * The two scalar parameters each unary op reads, with PyTorch defaults:
 * leakyRelu α = 0.01; elu α = 1; softplus β = 1, threshold = 20; clamp [min, max] (at least
 * one given; NaN rejected); powScalar exponent (required, finite).
 */
export function unaryParams(op: UnaryOp, params: UnaryParams | undefined, kernel: string): [number, number] {
  const p = params ?? {};
  switch (op) {
    case 'leakyRelu':
      return [finiteParam(p.alpha ?? 0.01, kernel, 'leakyRelu alpha'), 0];
    case 'elu':
      return [finiteParam(p.alpha ?? 1, kernel, 'elu alpha'), 0];
    case 'softplus': {
      const beta = finiteParam(p.beta ?? 1, kernel, 'softplus beta');
      if (beta === 0) throw new DescentError('param', `${kernel}: softplus beta must be non-zero`);
      const threshold = p.threshold ?? 20;
      if (Number.isNaN(threshold)) throw new DescentError('param', `${kernel}: softplus threshold must not be NaN`);
      return [beta, threshold];
    }
    case 'clamp': {
      if (p.min === undefined && p.max === undefined) {
        throw new DescentError('param', `${kernel}: clamp needs at least one of min and max`);
      }
      const lo = p.min ?? -Infinity;
      const hi = p.max ?? Infinity;
      if (Number.isNaN(lo) || Number.isNaN(hi)) throw new DescentError('param', `${kernel}: clamp bounds must not be NaN (min ${lo}, max ${hi})`);
      return [lo, hi];
    }
    case 'powScalar':
      if (p.exponent === undefined) throw new DescentError('param', `${kernel}: powScalar needs params.exponent`);
      return [finiteParam(p.exponent, kernel, 'powScalar exponent'), 0];
    default:
      return [0, 0];
  }
}

/** Scalars that feed arithmetic must not be NaN (a silent NaN source). */
export function checkNotNaN(value: number, kernel: string, name: string): void {
  if (typeof value !== 'number' || Number.isNaN(value)) throw new DescentError('param', `${kernel}: ${name} must be a number, got ${String(value)}`);
}
