// Broadcasting kernels over a collapsed shape (see src/kernels/broadcast-plan.ts). The output is
// contiguous; each operand has element strides, 0 on broadcast axes. The innermost axis has
// operand steps 0 or 1, so it runs as a SIMD row; the outer axes advance an odometer kept in
// the int32 scratch `meta`: dims[rank], strides of each operand [rank], idx[rank].
import { binaryRow } from './elementwise';

// @ts-ignore: decorator
@inline function geti(base: usize, i: i32): i32 {
  return load<i32>(base + (<usize>i << 2));
}

// @ts-ignore: decorator
@inline function seti(base: usize, i: i32, v: i32): void {
  store<i32>(base + (<usize>i << 2), v);
}

/** out = op(a, b) broadcast; meta = dims, aStrides, bStrides, idx (each `rank` int32). */
export function binaryStrided(op: i32, aPtr: usize, bPtr: usize, outPtr: usize, rank: i32, metaPtr: usize): void {
  const dims = metaPtr;
  const as = metaPtr + (<usize>rank << 2);
  const bs = as + (<usize>rank << 2);
  const idx = bs + (<usize>rank << 2);
  const last = rank - 1;
  const len = geti(dims, last);
  const aStep = geti(as, last);
  const bStep = geti(bs, last);
  let outer = 1;
  for (let d = 0; d < last; d++) {
    outer *= geti(dims, d);
    seti(idx, d, 0);
  }
  let ao = 0;
  let bo = 0;
  let oo: usize = outPtr;
  for (let s = 0; s < outer; s++) {
    binaryRow(op, aPtr + (<usize>ao << 2), aStep, bPtr + (<usize>bo << 2), bStep, oo, len);
    oo += <usize>len << 2;
    for (let d = last - 1; d >= 0; d--) {
      const k = geti(idx, d) + 1;
      const sa = geti(as, d);
      const sb = geti(bs, d);
      ao += sa;
      bo += sb;
      if (k < geti(dims, d)) {
        seti(idx, d, k);
        break;
      }
      const n = geti(dims, d);
      ao -= sa * n;
      bo -= sb * n;
      seti(idx, d, 0);
    }
  }
}

// @ts-ignore: decorator
@inline function ld(ptr: usize, step: i32, o: usize): v128 {
  return step ? v128.load(ptr + o) : v128.load32_splat(ptr);
}

/** out[i] = c[i] ≠ 0 ? a[i] : b[i] over a row with steps in {0, 1}. */
function whereRow(cPtr: usize, cStep: i32, aPtr: usize, aStep: i32, bPtr: usize, bStep: i32, outPtr: usize, n: i32): void {
  const zero = f32x4.splat(0);
  const n4 = n & ~3;
  let i = 0;
  for (; i < n4; i += 4) {
    const o = <usize>i << 2;
    const mask = f32x4.ne(ld(cPtr, cStep, o), zero);
    v128.store(outPtr + o, v128.bitselect(ld(aPtr, aStep, o), ld(bPtr, bStep, o), mask));
  }
  for (; i < n; i++) {
    const c = load<f32>(cPtr + (<usize>(i * cStep) << 2));
    const a = load<f32>(aPtr + (<usize>(i * aStep) << 2));
    const b = load<f32>(bPtr + (<usize>(i * bStep) << 2));
    store<f32>(outPtr + (<usize>i << 2), c != 0 ? a : b);
  }
}

/** out = cond ? a : b broadcast; meta = dims, cStrides, aStrides, bStrides, idx. */
export function whereStrided(cPtr: usize, aPtr: usize, bPtr: usize, outPtr: usize, rank: i32, metaPtr: usize): void {
  const dims = metaPtr;
  const cs = metaPtr + (<usize>rank << 2);
  const as = cs + (<usize>rank << 2);
  const bs = as + (<usize>rank << 2);
  const idx = bs + (<usize>rank << 2);
  const last = rank - 1;
  const len = geti(dims, last);
  let outer = 1;
  for (let d = 0; d < last; d++) {
    outer *= geti(dims, d);
    seti(idx, d, 0);
  }
  let co = 0;
  let ao = 0;
  let bo = 0;
  let oo: usize = outPtr;
  for (let s = 0; s < outer; s++) {
    whereRow(
      cPtr + (<usize>co << 2), geti(cs, last),
      aPtr + (<usize>ao << 2), geti(as, last),
      bPtr + (<usize>bo << 2), geti(bs, last),
      oo, len,
    );
    oo += <usize>len << 2;
    for (let d = last - 1; d >= 0; d--) {
      const k = geti(idx, d) + 1;
      co += geti(cs, d);
      ao += geti(as, d);
      bo += geti(bs, d);
      if (k < geti(dims, d)) {
        seti(idx, d, k);
        break;
      }
      const n = geti(dims, d);
      co -= geti(cs, d) * n;
      ao -= geti(as, d) * n;
      bo -= geti(bs, d) * n;
      seti(idx, d, 0);
    }
  }
}
