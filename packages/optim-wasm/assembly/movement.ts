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

/**
 * x: [outer, axisLen, inner] → out[o, l, :] = x[o, idx[l], :] for l < count. Rows go in groups
 * of 16 read side by side, 16 bytes from each in turn: scattered rows of a large x are mostly
 * not in cache, and 16 streams keep more misses in flight than one memory.copy per row
 * (a batch of 128 MNIST rows from DRAM: ~45 instead of ~70 µs). The rest go one by one.
 */
export function indexSelect(x: usize, idx: usize, out: usize, outer: i32, axisLen: i32, count: i32, inner: i32): void {
  const rowBytes = <usize>inner << 2;
  for (let o = 0; o < outer; o++) {
    const xo = x + <usize>o * <usize>axisLen * rowBytes;
    const oo = out + <usize>o * <usize>count * rowBytes;
    let l = 0;
    for (; l + 16 <= count; l += 16) copy16Rows(xo, idx + (<usize>l << 2), oo + <usize>l * rowBytes, rowBytes);
    for (; l < count; l++) {
      const j = load<i32>(idx + (<usize>l << 2));
      memory.copy(oo + <usize>l * rowBytes, xo + <usize>j * rowBytes, rowBytes);
    }
  }
}

/** out[k, :] = x[idx[k], :] for k < 16 (rows of rowBytes bytes, out contiguous). */
// @ts-ignore: decorator
@inline function copy16Rows(x: usize, idx: usize, out: usize, rowBytes: usize): void {
  const s0 = x + <usize>load<i32>(idx) * rowBytes;
  const s1 = x + <usize>load<i32>(idx, 4) * rowBytes;
  const s2 = x + <usize>load<i32>(idx, 8) * rowBytes;
  const s3 = x + <usize>load<i32>(idx, 12) * rowBytes;
  const s4 = x + <usize>load<i32>(idx, 16) * rowBytes;
  const s5 = x + <usize>load<i32>(idx, 20) * rowBytes;
  const s6 = x + <usize>load<i32>(idx, 24) * rowBytes;
  const s7 = x + <usize>load<i32>(idx, 28) * rowBytes;
  const s8 = x + <usize>load<i32>(idx, 32) * rowBytes;
  const s9 = x + <usize>load<i32>(idx, 36) * rowBytes;
  const s10 = x + <usize>load<i32>(idx, 40) * rowBytes;
  const s11 = x + <usize>load<i32>(idx, 44) * rowBytes;
  const s12 = x + <usize>load<i32>(idx, 48) * rowBytes;
  const s13 = x + <usize>load<i32>(idx, 52) * rowBytes;
  const s14 = x + <usize>load<i32>(idx, 56) * rowBytes;
  const s15 = x + <usize>load<i32>(idx, 60) * rowBytes;
  const vecBytes = rowBytes & ~15;
  let b: usize = 0;
  for (; b < vecBytes; b += 16) {
    const d = out + b;
    v128.store(d, v128.load(s0 + b));
    v128.store(d + rowBytes, v128.load(s1 + b));
    v128.store(d + 2 * rowBytes, v128.load(s2 + b));
    v128.store(d + 3 * rowBytes, v128.load(s3 + b));
    v128.store(d + 4 * rowBytes, v128.load(s4 + b));
    v128.store(d + 5 * rowBytes, v128.load(s5 + b));
    v128.store(d + 6 * rowBytes, v128.load(s6 + b));
    v128.store(d + 7 * rowBytes, v128.load(s7 + b));
    v128.store(d + 8 * rowBytes, v128.load(s8 + b));
    v128.store(d + 9 * rowBytes, v128.load(s9 + b));
    v128.store(d + 10 * rowBytes, v128.load(s10 + b));
    v128.store(d + 11 * rowBytes, v128.load(s11 + b));
    v128.store(d + 12 * rowBytes, v128.load(s12 + b));
    v128.store(d + 13 * rowBytes, v128.load(s13 + b));
    v128.store(d + 14 * rowBytes, v128.load(s14 + b));
    v128.store(d + 15 * rowBytes, v128.load(s15 + b));
  }
  // the last inner % 4 floats of each row
  for (; b < rowBytes; b += 4) {
    for (let k: usize = 0; k < 16; k++) store<f32>(out + k * rowBytes + b, load<f32>(x + <usize>load<i32>(idx + (k << 2)) * rowBytes + b));
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
