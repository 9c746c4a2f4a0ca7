import { DescentError } from '../errors.js';
import type { Backend, MatmulParams } from '../backend/backend.js';

/** Matmul parameters with every default filled in and checked against the operand lengths. */
export interface MatmulPlan {
  m: number;
  k: number;
  n: number;
  transA: boolean;
  transB: boolean;
  batch: number;
  aStride: number;
  bStride: number;
}

function describe(p: MatmulParams): string {
  const t = `${p.transA ? 'Aᵀ' : 'A'}${p.transB ? 'Bᵀ' : 'B'}`;
  return `${t} with m=${p.m}, k=${p.k}, n=${p.n}, batch=${p.batch ?? 1}`;
}

function count(v: unknown, field: string, p: MatmulParams): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 0x3fffffff) {
    throw new DescentError('shape', `matmul: ${field} must be a non-negative integer, got ${String(v)} (${describe(p)})`);
  }
  return v;
}

/** Elements a batch of `batch` problems of `size` elements `stride` apart spans. */
function span(batch: number, stride: number, size: number): number {
  return batch === 0 || size === 0 ? 0 : (batch - 1) * stride + size;
}

/**
 * Validate `p` against the storage lengths (shared by both backends, so they reject the same
 * inputs). With default strides an operand must hold exactly `batch` problems; with explicit
 * strides it must hold at least the span they reach.
 */
export function planMatmul(p: MatmulParams, aLen: number, bLen: number, biasLen?: number): MatmulPlan {
  if (p === null || typeof p !== 'object') throw new DescentError('shape', `matmul: params must be an object, got ${String(p)}`);
  const m = count(p.m, 'm', p);
  const k = count(p.k, 'k', p);
  const n = count(p.n, 'n', p);
  const batch = count(p.batch ?? 1, 'batch', p);
  const aStride = count(p.aBatchStride ?? m * k, 'aBatchStride', p);
  const bStride = count(p.bBatchStride ?? k * n, 'bBatchStride', p);
  const check = (len: number, size: number, stride: number, explicit: boolean, field: string, dims: string): void => {
    const need = span(batch, stride, size);
    const ok = explicit ? len >= need : len === need;
    if (!ok) {
      throw new DescentError(
        'shape',
        `matmul: ${field} has ${len} elements but ${describe(p)} needs ${explicit ? 'at least ' : ''}${need} (${dims} per problem, batch stride ${stride})`,
      );
    }
  };
  check(aLen, m * k, aStride, p.aBatchStride !== undefined, 'a', p.transA ? `k×m = ${k}×${m}` : `m×k = ${m}×${k}`);
  check(bLen, k * n, bStride, p.bBatchStride !== undefined, 'b', p.transB ? `n×k = ${n}×${k}` : `k×n = ${k}×${n}`);
  if (biasLen !== undefined && biasLen !== n) {
    throw new DescentError('shape', `matmul: bias has ${biasLen} elements but ${describe(p)} needs n = ${n}`);
  }
  return { m, k, n, transA: p.transA === true, transB: p.transB === true, batch, aStride, bStride };
}

/**
 * out[b][i][j] = bias[j] + Σ_t op(A[b])[i][t] · op(B[b])[t][j], where op(A)[i][t] is A[i][t]
 * (A stored m×k) or A[t][i] (transA, A stored k×m), and likewise for B.
 */
export function matmulRef(a: Float64Array, b: Float64Array, p: MatmulParams, bias?: Float64Array): Float64Array {
  const { m, k, n, transA, transB, batch, aStride, bStride } = planMatmul(p, a.length, b.length, bias?.length);
  const out = new Float64Array(batch * m * n);
  for (let bi = 0; bi < batch; bi++) {
    const ao = bi * aStride;
    const bo = bi * bStride;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = bias ? bias[j]! : 0;
        for (let t = 0; t < k; t++) {
          const aij = transA ? a[ao + t * m + i]! : a[ao + i * k + t]!;
          const btj = transB ? b[bo + j * k + t]! : b[bo + t * n + j]!;
          s += aij * btj;
        }
        out[(bi * m + i) * n + j] = s;
      }
    }
  }
  return out;
}

/** The reference backend's linear-algebra part. */
export function matmulReference(): Pick<Backend<Float64Array>, 'matmul'> {
  return { matmul: matmulRef };
}
