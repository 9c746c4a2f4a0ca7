// Data movement: strided copies (permute, slice, concat), index select/add, gather/scatter-add,
// one-hot. Every pointer and offset here was range-checked by the TypeScript wrapper.
// Index arrays are i32 in memory; offsets and strides are in elements.

/**
 * dst[i·t] = src[i·s] over a 4-D index space d0×d1×d2×d3 (s, t: element strides of each axis).
 * Callers coalesce dimensions first, so the innermost axis is usually long and contiguous.
 */
export function stridedCopy(
  src: usize,
  dst: usize,
  d0: i32,
  d1: i32,
  d2: i32,
  d3: i32,
  s0: i32,
  s1: i32,
  s2: i32,
  s3: i32,
  t0: i32,
  t1: i32,
  t2: i32,
  t3: i32,
): void {
  const contiguous = s3 == 1 && t3 == 1;
  const runBytes = <usize>d3 << 2;
  for (let i0 = 0; i0 < d0; i0++) {
    for (let i1 = 0; i1 < d1; i1++) {
      for (let i2 = 0; i2 < d2; i2++) {
        const so = <isize>i0 * s0 + <isize>i1 * s1 + <isize>i2 * s2;
        const to = <isize>i0 * t0 + <isize>i1 * t1 + <isize>i2 * t2;
        let sp = src + (<usize>so << 2);
        let tp = dst + (<usize>to << 2);
        if (contiguous) {
          memory.copy(tp, sp, runBytes);
          continue;
        }
        const sb = <usize>s3 << 2;
        const tb = <usize>t3 << 2;
        for (let i3 = 0; i3 < d3; i3++) {
          store<f32>(tp, load<f32>(sp));
          sp += sb;
          tp += tb;
        }
      }
    }
  }
}

// @ts-ignore: decorator
@inline function addRow(dst: usize, src: usize, n: i32): void {
  const n4 = n & ~3;
  let i = 0;
  for (; i < n4; i += 4) {
    const o = <usize>i << 2;
    v128.store(dst + o, f32x4.add(v128.load(dst + o), v128.load(src + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(dst + o, load<f32>(dst + o) + load<f32>(src + o));
  }
}

/** x: [outer, axisLen, inner] → out[o, l, :] = x[o, idx[l], :] for l < count. */
export function indexSelect(x: usize, idx: usize, out: usize, outer: i32, axisLen: i32, count: i32, inner: i32): void {
  const rowBytes = <usize>inner << 2;
  for (let o = 0; o < outer; o++) {
    const xo = x + <usize>o * <usize>axisLen * rowBytes;
    const oo = out + <usize>o * <usize>count * rowBytes;
    for (let l = 0; l < count; l++) {
      const j = load<i32>(idx + (<usize>l << 2));
      memory.copy(oo + <usize>l * rowBytes, xo + <usize>j * rowBytes, rowBytes);
    }
  }
}

/** out: [outer, axisLen, inner] := 0, then out[o, idx[l], :] += dy[o, l, :] (repeats accumulate). */
export function indexAdd(dy: usize, idx: usize, out: usize, outer: i32, axisLen: i32, count: i32, inner: i32): void {
  const rowBytes = <usize>inner << 2;
  memory.fill(out, 0, <usize>outer * <usize>axisLen * rowBytes);
  for (let o = 0; o < outer; o++) {
    const oo = out + <usize>o * <usize>axisLen * rowBytes;
    const dyo = dy + <usize>o * <usize>count * rowBytes;
    for (let l = 0; l < count; l++) {
      const j = load<i32>(idx + (<usize>l << 2));
      addRow(oo + <usize>j * rowBytes, dyo + <usize>l * rowBytes, inner);
    }
  }
}

/**
 * torch.gather with the index viewed as [outer, count, inner]:
 * out[e] = x[outerOff[o] + idx[e]·axisStride + innerOff[i]], e = (o·count + l)·inner + i.
 */
export function gather(
  x: usize,
  idx: usize,
  outerOff: usize,
  innerOff: usize,
  out: usize,
  outer: i32,
  count: i32,
  inner: i32,
  axisStride: i32,
): void {
  let e: usize = 0;
  for (let o = 0; o < outer; o++) {
    const base = load<i32>(outerOff + (<usize>o << 2));
    for (let l = 0; l < count; l++) {
      for (let i = 0; i < inner; i++) {
        const src = base + load<i32>(idx + (e << 2)) * axisStride + load<i32>(innerOff + (<usize>i << 2));
        store<f32>(out + (e << 2), load<f32>(x + (<usize>src << 2)));
        e++;
      }
    }
  }
}

/** The transpose of `gather`: out (outLen elements) := 0, then out[offset(e)] += dy[e]. */
export function scatterAdd(
  dy: usize,
  idx: usize,
  outerOff: usize,
  innerOff: usize,
  out: usize,
  outLen: i32,
  outer: i32,
  count: i32,
  inner: i32,
  axisStride: i32,
): void {
  memory.fill(out, 0, <usize>outLen << 2);
  let e: usize = 0;
  for (let o = 0; o < outer; o++) {
    const base = load<i32>(outerOff + (<usize>o << 2));
    for (let l = 0; l < count; l++) {
      for (let i = 0; i < inner; i++) {
        const dst = out + (<usize>(base + load<i32>(idx + (e << 2)) * axisStride + load<i32>(innerOff + (<usize>i << 2))) << 2);
        store<f32>(dst, load<f32>(dst) + load<f32>(dy + (e << 2)));
        e++;
      }
    }
  }
}

/** out: [n, classes] := 0, then out[r, idx[r]] = 1. */
export function oneHot(idx: usize, out: usize, n: i32, classes: i32): void {
  memory.fill(out, 0, (<usize>n * <usize>classes) << 2);
  for (let r = 0; r < n; r++) {
    const j = load<i32>(idx + (<usize>r << 2));
    store<f32>(out + ((<usize>r * <usize>classes + <usize>j) << 2), 1);
  }
}
