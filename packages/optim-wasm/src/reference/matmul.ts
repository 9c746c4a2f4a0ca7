import { DescentError } from '../errors.js';
import type { Backend, MatmulEpilogue, MatmulParams } from '../backend/backend.js';

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

/** An operand must hold exactly (or, with an explicit stride, at least) the `need` elements it spans. */
function checkSpan(p: MatmulParams, len: number, need: number, explicit: boolean, field: 'a' | 'b', stride: number, rows: number, cols: number): void {
  if (explicit ? len >= need : len === need) return;
  const trans = field === 'a' ? p.transA : p.transB;
  const [r, c] = field === 'a' ? ['m', 'k'] : ['k', 'n'];
  const dims = trans ? `${c}×${r} = ${cols}×${rows}` : `${r}×${c} = ${rows}×${cols}`;
  throw new DescentError(
    'shape',
    `matmul: ${field} has ${len} elements but ${describe(p)} needs ${explicit ? 'at least ' : ''}${need} (${dims} per problem, batch stride ${stride})`,
  );
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
  checkSpan(p, aLen, span(batch, aStride, m * k), p.aBatchStride !== undefined, 'a', aStride, m, k);
  checkSpan(p, bLen, span(batch, bStride, k * n), p.bBatchStride !== undefined, 'b', bStride, k, n);
  if (biasLen !== undefined && biasLen !== n) {
    throw new DescentError('shape', `matmul: bias has ${biasLen} elements but ${describe(p)} needs n = ${n}`);
  }
  return { m, k, n, transA: p.transA === true, transB: p.transB === true, batch, aStride, bStride };
}

/**
 * out[b][i][j] = bias[j] + Σ_t op(A[b])[i][t] · op(B[b])[t][j], where op(A)[i][t] is A[i][t]
 * (A stored m×k) or A[t][i] (transA, A stored k×m), and likewise for B.
 */
export function matmulRef(a: Float64Array, b: Float64Array, p: MatmulParams, bias?: Float64Array, epilogue?: MatmulEpilogue<Float64Array>): Float64Array {
  const { m, k, n, transA, transB, batch, aStride, bStride } = planMatmul(p, a.length, b.length, bias?.length);
  const epi = epilogueCode(epilogue, batch * m * n);
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
        const o = (bi * m + i) * n + j;
        // relu as the kernel does it: NaN stays NaN
        out[o] = epi === 1 ? (s > 0 || Number.isNaN(s) ? s : 0) : epi === 2 ? (epilogue!.kind === 'maskPositive' && epilogue!.mask[o]! > 0 ? s : 0) : s;
      }
    }
  }
  return out;
}

/** The reference backend's linear-algebra part. */
export function matmulReference(): Pick<Backend<Float64Array>, 'matmul' | 'matmulAccumulate' | 'sumRowsAccumulate'> {
  return {
    matmul: matmulRef,
    matmulAccumulate(out, a, b, p) {
      const prod = matmulRef(a, b, p);
      if (!(out instanceof Float64Array)) throw new DescentError('type', `matmulAccumulate: out must be a Float64Array, got ${String(out)}`);
      if (out.length !== prod.length) throw new DescentError('shape', `matmulAccumulate: out has ${out.length} elements but ${describe(p)} needs ${prod.length}`);
      for (let i = 0; i < out.length; i++) out[i] = out[i]! + prod[i]!;
    },
    sumRowsAccumulate(out, x, rows, cols) {
      if (!(out instanceof Float64Array) || !(x instanceof Float64Array)) throw new DescentError('type', 'sumRowsAccumulate: out and x must be Float64Arrays');
      if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(cols) || cols < 0 || x.length !== rows * cols) {
        throw new DescentError('shape', `sumRowsAccumulate: x has ${x.length} elements but [rows ${rows}, cols ${cols}] needs ${rows * cols}`);
      }
      if (out.length !== cols) throw new DescentError('shape', `sumRowsAccumulate: out has ${out.length} elements, x [rows ${rows}, cols ${cols}] needs ${cols}`);
      for (let j = 0; j < cols; j++) {
        let s = 0;
        for (let i = 0; i < rows; i++) s += x[i * cols + j]!;
        out[j] = out[j]! + s;
      }
    },
  };
}

/** The kernel's epilogue code (0 none, 1 relu, 2 mask > 0), after checking the mask's length. */
export function epilogueCode<S extends { length: number }>(e: MatmulEpilogue<S> | undefined, outLength: number): number {
  if (e === undefined) return 0;
  if (e.kind === 'relu') return 1;
  if (e.kind === 'maskPositive') {
    if (e.mask.length !== outLength) throw new DescentError('shape', `matmul: epilogue mask has ${e.mask.length} elements, the output has ${outLength}`);
    return 2;
  }
  throw new DescentError('value', `matmul: unknown epilogue ${JSON.stringify((e as { kind: unknown }).kind)} (relu or maskPositive)`);
}
