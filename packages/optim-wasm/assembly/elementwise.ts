// Elementwise kernels: unary forward/backward, binary ops on contiguous rows, axpy.
// Op codes are shared with src/kernels/op-codes.ts. Each exported kernel switches on the op
// once and runs a loop specialised for it (the op is a constant inside the inlined loop).
import { madd } from './simd';
import { expV, logV, expm1V, log1pV, tanhV, sigmoidV, normalCdfV, expNegHalfSquareV, powiV, powV, sinV, cosV, first } from './math';

// @ts-ignore: decorator
@inline function splat(v: f32): v128 {
  return f32x4.splat(v);
}

// @ts-ignore: decorator
@inline function ones(mask: v128): v128 {
  return v128.and(mask, f32x4.splat(1.0));
}

// ---- unary ---------------------------------------------------------------------------------

// @ts-ignore: decorator
@inline function unaryV(op: i32, x: v128, p0: v128, p1: v128): v128 {
  switch (op) {
    case 0: return f32x4.neg(x);
    case 1: return f32x4.abs(x);
    case 2: return expV(x);
    case 3: return logV(x);
    case 4: return f32x4.sqrt(x);
    case 5: return f32x4.mul(x, x);
    case 6: return f32x4.div(splat(1.0), x);
    case 7: return tanhV(x);
    case 8: return sigmoidV(x);
    case 9: return f32x4.max(x, splat(0));
    case 10: return v128.bitselect(x, f32x4.mul(x, p0), f32x4.gt(x, splat(0)));
    case 11: return v128.bitselect(x, f32x4.mul(p0, expm1V(x)), f32x4.gt(x, splat(0)));
    case 12: return f32x4.mul(x, normalCdfV(x));
    case 13: {
      // 0.5·x·(1 + tanh(u)), u = √(2/π)·(x + 0.044715·x³), computed as x·σ(2u): the same
      // value without the cancellation of 1 + tanh(u) for negative x.
      const inner = f32x4.mul(splat(1.5957691216057308), madd(f32x4.mul(f32x4.mul(x, x), x), splat(0.044715), x));
      return f32x4.mul(x, sigmoidV(inner));
    }
    case 14: {
      // softplus: (max(z,0) + log1p(e^{−|z|}))/β with z = βx; exactly x where z > threshold
      const z = f32x4.mul(x, p0);
      const sp = f32x4.add(f32x4.max(z, splat(0)), log1pV(expV(f32x4.neg(f32x4.abs(z)))));
      return v128.bitselect(x, f32x4.div(sp, p0), f32x4.gt(z, p1));
    }
    case 15: return f32x4.min(f32x4.max(x, p0), p1);
    case 16: return f32x4.sub(ones(f32x4.gt(x, splat(0))), ones(f32x4.lt(x, splat(0))));
    case 18: return sinV(x);
    case 19: return cosV(x);
    default: return x;
  }
}

// @ts-ignore: decorator
@inline function unaryLoop(op: i32, xPtr: usize, outPtr: usize, n: i32, p0: v128, p1: v128): void {
  const n4 = n & ~3;
  let i = 0;
  for (; i < n4; i += 4) {
    const o = <usize>i << 2;
    v128.store(outPtr + o, unaryV(op, v128.load(xPtr + o), p0, p1));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(outPtr + o, first(unaryV(op, f32x4.splat(load<f32>(xPtr + o)), p0, p1)));
  }
}

/** x^p with the mode chosen once per call: 0 integer (|p| ≤ 16), 1 half-integer, 2 general. */
// @ts-ignore: decorator
@inline function powScalarV(x: v128, mode: i32, k: i32, recip: bool, p: v128): v128 {
  let r: v128;
  if (mode == 0) r = powiV(x, k);
  else if (mode == 1) r = f32x4.mul(f32x4.sqrt(x), powiV(x, k));
  else return powV(x, p);
  return recip ? f32x4.div(splat(1.0), r) : r;
}

function powScalarLoop(xPtr: usize, dyPtr: usize, outPtr: usize, n: i32, p: f32, scale: f32): void {
  const ap = Mathf.abs(p);
  let mode = 2;
  let k = 0;
  if (ap <= 16 && Mathf.floor(ap) == ap) {
    mode = 0;
    k = <i32>ap;
  } else if (ap <= 16 && Mathf.floor(ap * 2) == ap * 2) {
    mode = 1;
    k = <i32>Mathf.floor(ap);
  }
  const recip = p < 0;
  const pv = f32x4.splat(p);
  const sv = f32x4.splat(scale);
  const withDy = dyPtr != 0;
  const n4 = n & ~3;
  let i = 0;
  for (; i < n4; i += 4) {
    const o = <usize>i << 2;
    let r = powScalarV(v128.load(xPtr + o), mode, k, recip, pv);
    if (withDy) r = f32x4.mul(f32x4.mul(r, sv), v128.load(dyPtr + o));
    v128.store(outPtr + o, r);
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    let r = powScalarV(f32x4.splat(load<f32>(xPtr + o)), mode, k, recip, pv);
    if (withDy) r = f32x4.mul(f32x4.mul(r, sv), f32x4.splat(load<f32>(dyPtr + o)));
    store<f32>(outPtr + o, first(r));
  }
}

/** out = op(x) elementwise; p0/p1 carry alpha, beta/threshold, clamp bounds or the exponent. */
export function unaryF32(op: i32, xPtr: usize, outPtr: usize, n: i32, p0: f32, p1: f32): void {
  const a = f32x4.splat(p0);
  const b = f32x4.splat(p1);
  switch (op) {
    case 0: unaryLoop(0, xPtr, outPtr, n, a, b); break;
    case 1: unaryLoop(1, xPtr, outPtr, n, a, b); break;
    case 2: unaryLoop(2, xPtr, outPtr, n, a, b); break;
    case 3: unaryLoop(3, xPtr, outPtr, n, a, b); break;
    case 4: unaryLoop(4, xPtr, outPtr, n, a, b); break;
    case 5: unaryLoop(5, xPtr, outPtr, n, a, b); break;
    case 6: unaryLoop(6, xPtr, outPtr, n, a, b); break;
    case 7: unaryLoop(7, xPtr, outPtr, n, a, b); break;
    case 8: unaryLoop(8, xPtr, outPtr, n, a, b); break;
    case 9: unaryLoop(9, xPtr, outPtr, n, a, b); break;
    case 10: unaryLoop(10, xPtr, outPtr, n, a, b); break;
    case 11: unaryLoop(11, xPtr, outPtr, n, a, b); break;
    case 12: unaryLoop(12, xPtr, outPtr, n, a, b); break;
    case 13: unaryLoop(13, xPtr, outPtr, n, a, b); break;
    case 14: unaryLoop(14, xPtr, outPtr, n, a, b); break;
    case 15: unaryLoop(15, xPtr, outPtr, n, a, b); break;
    case 16: unaryLoop(16, xPtr, outPtr, n, a, b); break;
    case 17: powScalarLoop(xPtr, 0, outPtr, n, p0, 1); break;
    case 18: unaryLoop(18, xPtr, outPtr, n, a, b); break;
    case 19: unaryLoop(19, xPtr, outPtr, n, a, b); break;
    default: break;
  }
}

// @ts-ignore: decorator
@inline function unaryBackV(op: i32, x: v128, y: v128, dy: v128, p0: v128, p1: v128): v128 {
  const zero = splat(0);
  switch (op) {
    case 0: return f32x4.neg(dy);
    case 1: return f32x4.mul(dy, f32x4.sub(ones(f32x4.gt(x, zero)), ones(f32x4.lt(x, zero))));
    case 2: return f32x4.mul(dy, y);
    case 3: return f32x4.div(dy, x);
    case 4: return f32x4.div(dy, f32x4.add(y, y));
    case 5: return f32x4.mul(dy, f32x4.add(x, x));
    case 6: return f32x4.neg(f32x4.mul(dy, f32x4.mul(y, y)));
    case 7: return f32x4.mul(dy, f32x4.sub(splat(1.0), f32x4.mul(y, y)));
    case 8: return f32x4.mul(dy, f32x4.mul(y, f32x4.sub(splat(1.0), y)));
    case 9: return v128.and(dy, f32x4.gt(x, zero));
    case 10: return v128.bitselect(dy, f32x4.mul(dy, p0), f32x4.gt(x, zero));
    case 11: return v128.bitselect(dy, f32x4.mul(dy, f32x4.mul(p0, expV(x))), f32x4.gt(x, zero));
    case 12: {
      // Φ(x) + x·φ(x), φ(x) = e^{−x²/2}/√(2π)
      const pdf = f32x4.mul(splat(0.3989422804014327), expNegHalfSquareV(x));
      return f32x4.mul(dy, madd(x, pdf, normalCdfV(x)));
    }
    case 13: {
      // With s = σ(2u) = (1 + tanh u)/2: dy·(s + 2x·s(1−s)·u′), u′ = √(2/π)(1 + 3·0.044715·x²).
      // 1 − s is taken as e^{−2u}·s above ½ so neither side cancels.
      const x2 = f32x4.mul(x, x);
      const inner2 = f32x4.mul(splat(1.5957691216057308), madd(f32x4.mul(x2, x), splat(0.044715), x));
      const e = expV(f32x4.neg(inner2));
      const s = f32x4.div(splat(1.0), f32x4.add(splat(1.0), e));
      const oms = v128.bitselect(f32x4.sub(splat(1.0), s), f32x4.mul(e, s), f32x4.lt(s, splat(0.5)));
      const dInner = f32x4.mul(splat(0.7978845608028654), madd(x2, splat(0.134145), splat(1.0)));
      const right = f32x4.mul(f32x4.mul(f32x4.add(x, x), f32x4.mul(s, oms)), dInner);
      return f32x4.mul(dy, f32x4.add(s, right));
    }
    case 14: {
      const z = f32x4.mul(x, p0);
      return v128.bitselect(dy, f32x4.mul(dy, sigmoidV(z)), f32x4.gt(z, p1));
    }
    case 15: return v128.and(dy, v128.and(f32x4.ge(x, p0), f32x4.le(x, p1)));
    case 16: return zero;
    case 18: return f32x4.mul(dy, cosV(x));
    case 19: return f32x4.neg(f32x4.mul(dy, sinV(x)));
    default: return dy;
  }
}

// @ts-ignore: decorator
@inline function unaryBackLoop(op: i32, xPtr: usize, yPtr: usize, dyPtr: usize, outPtr: usize, n: i32, p0: v128, p1: v128): void {
  const n4 = n & ~3;
  let i = 0;
  for (; i < n4; i += 4) {
    const o = <usize>i << 2;
    v128.store(outPtr + o, unaryBackV(op, v128.load(xPtr + o), v128.load(yPtr + o), v128.load(dyPtr + o), p0, p1));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const r = unaryBackV(op, f32x4.splat(load<f32>(xPtr + o)), f32x4.splat(load<f32>(yPtr + o)), f32x4.splat(load<f32>(dyPtr + o)), p0, p1);
    store<f32>(outPtr + o, first(r));
  }
}

/** out = dL/dx of y = op(x), given x, y and dy (same length). */
export function unaryBackwardF32(op: i32, xPtr: usize, yPtr: usize, dyPtr: usize, outPtr: usize, n: i32, p0: f32, p1: f32): void {
  const a = f32x4.splat(p0);
  const b = f32x4.splat(p1);
  switch (op) {
    case 0: unaryBackLoop(0, xPtr, yPtr, dyPtr, outPtr, n, a, b); break;
    case 1: unaryBackLoop(1, xPtr, yPtr, dyPtr, outPtr, n, a, b); break;
    case 2: unaryBackLoop(2, xPtr, yPtr, dyPtr, outPtr, n, a, b); break;
    case 3: unaryBackLoop(3, xPtr, yPtr, dyPtr, outPtr, n, a, b); break;
    case 4: unaryBackLoop(4, xPtr, yPtr, dyPtr, outPtr, n, a, b); break;
    case 5: unaryBackLoop(5, xPtr, yPtr, dyPtr, outPtr, n, a, b); break;
    case 6: unaryBackLoop(6, xPtr, yPtr, dyPtr, outPtr, n, a, b); break;
    case 7: unaryBackLoop(7, xPtr, yPtr, dyPtr, outPtr, n, a, b); break;
    case 8: unaryBackLoop(8, xPtr, yPtr, dyPtr, outPtr, n, a, b); break;
    case 9: unaryBackLoop(9, xPtr, yPtr, dyPtr, outPtr, n, a, b); break;
    case 10: unaryBackLoop(10, xPtr, yPtr, dyPtr, outPtr, n, a, b); break;
    case 11: unaryBackLoop(11, xPtr, yPtr, dyPtr, outPtr, n, a, b); break;
    case 12: unaryBackLoop(12, xPtr, yPtr, dyPtr, outPtr, n, a, b); break;
    case 13: unaryBackLoop(13, xPtr, yPtr, dyPtr, outPtr, n, a, b); break;
    case 14: unaryBackLoop(14, xPtr, yPtr, dyPtr, outPtr, n, a, b); break;
    case 15: unaryBackLoop(15, xPtr, yPtr, dyPtr, outPtr, n, a, b); break;
    case 16: unaryBackLoop(16, xPtr, yPtr, dyPtr, outPtr, n, a, b); break;
    case 17:
      // d/dx x^p = p·x^{p−1} (0 when p = 0, as in PyTorch)
      if (p0 == 0) memory.fill(outPtr, 0, <usize>n << 2);
      else powScalarLoop(xPtr, dyPtr, outPtr, n, p0 - 1, p0);
      break;
    case 18: unaryBackLoop(18, xPtr, yPtr, dyPtr, outPtr, n, a, b); break;
    case 19: unaryBackLoop(19, xPtr, yPtr, dyPtr, outPtr, n, a, b); break;
    default: break;
  }
}

// ---- binary ----------------------------------------------------------------------------------

// @ts-ignore: decorator
@inline export function binaryV(op: i32, a: v128, b: v128): v128 {
  switch (op) {
    case 0: return f32x4.add(a, b);
    case 1: return f32x4.sub(a, b);
    case 2: return f32x4.mul(a, b);
    case 3: return f32x4.div(a, b);
    case 4: return powV(a, b);
    case 5: return f32x4.max(a, b);
    case 6: return f32x4.min(a, b);
    case 7: return ones(f32x4.eq(a, b));
    case 8: return ones(f32x4.ne(a, b));
    case 9: return ones(f32x4.lt(a, b));
    case 10: return ones(f32x4.le(a, b));
    case 11: return ones(f32x4.gt(a, b));
    case 12: return ones(f32x4.ge(a, b));
    default: return a;
  }
}

/** One contiguous row with operand steps in {0, 1} (0 = a broadcast scalar). */
// @ts-ignore: decorator
@inline function binaryRowLoop(op: i32, aPtr: usize, aStep: i32, bPtr: usize, bStep: i32, outPtr: usize, n: i32): void {
  const n4 = n & ~3;
  let i = 0;
  if (aStep == 1 && bStep == 1) {
    // Unrolled ×4: the loop's own overhead (V8 adds an interrupt check per iteration) is a
    // fifth of the work at one vector per iteration on cache-resident rows.
    const n16 = n & ~15;
    for (; i < n16; i += 16) {
      const o = <usize>i << 2;
      const a = aPtr + o;
      const b = bPtr + o;
      const d = outPtr + o;
      v128.store(d, binaryV(op, v128.load(a), v128.load(b)));
      v128.store(d, binaryV(op, v128.load(a, 16), v128.load(b, 16)), 16);
      v128.store(d, binaryV(op, v128.load(a, 32), v128.load(b, 32)), 32);
      v128.store(d, binaryV(op, v128.load(a, 48), v128.load(b, 48)), 48);
    }
    for (; i < n4; i += 4) {
      const o = <usize>i << 2;
      v128.store(outPtr + o, binaryV(op, v128.load(aPtr + o), v128.load(bPtr + o)));
    }
  } else if (aStep == 1) {
    const bv = v128.load32_splat(bPtr);
    for (; i < n4; i += 4) {
      const o = <usize>i << 2;
      v128.store(outPtr + o, binaryV(op, v128.load(aPtr + o), bv));
    }
  } else if (bStep == 1) {
    const av = v128.load32_splat(aPtr);
    for (; i < n4; i += 4) {
      const o = <usize>i << 2;
      v128.store(outPtr + o, binaryV(op, av, v128.load(bPtr + o)));
    }
  } else {
    const r = binaryV(op, v128.load32_splat(aPtr), v128.load32_splat(bPtr));
    for (; i < n4; i += 4) v128.store(outPtr + (<usize>i << 2), r);
  }
  for (; i < n; i++) {
    const av = v128.load32_splat(aPtr + (<usize>(i * aStep) << 2));
    const bv = v128.load32_splat(bPtr + (<usize>(i * bStep) << 2));
    store<f32>(outPtr + (<usize>i << 2), first(binaryV(op, av, bv)));
  }
}

/** out[i] = op(a[i·aStep], b[i·bStep]) for i < n; steps are 0 or 1. */
export function binaryRow(op: i32, aPtr: usize, aStep: i32, bPtr: usize, bStep: i32, outPtr: usize, n: i32): void {
  switch (op) {
    case 0: binaryRowLoop(0, aPtr, aStep, bPtr, bStep, outPtr, n); break;
    case 1: binaryRowLoop(1, aPtr, aStep, bPtr, bStep, outPtr, n); break;
    case 2: binaryRowLoop(2, aPtr, aStep, bPtr, bStep, outPtr, n); break;
    case 3: binaryRowLoop(3, aPtr, aStep, bPtr, bStep, outPtr, n); break;
    case 4: binaryRowLoop(4, aPtr, aStep, bPtr, bStep, outPtr, n); break;
    case 5: binaryRowLoop(5, aPtr, aStep, bPtr, bStep, outPtr, n); break;
    case 6: binaryRowLoop(6, aPtr, aStep, bPtr, bStep, outPtr, n); break;
    case 7: binaryRowLoop(7, aPtr, aStep, bPtr, bStep, outPtr, n); break;
    case 8: binaryRowLoop(8, aPtr, aStep, bPtr, bStep, outPtr, n); break;
    case 9: binaryRowLoop(9, aPtr, aStep, bPtr, bStep, outPtr, n); break;
    case 10: binaryRowLoop(10, aPtr, aStep, bPtr, bStep, outPtr, n); break;
    case 11: binaryRowLoop(11, aPtr, aStep, bPtr, bStep, outPtr, n); break;
    case 12: binaryRowLoop(12, aPtr, aStep, bPtr, bStep, outPtr, n); break;
    default: binaryRowLoop(13, aPtr, aStep, bPtr, bStep, outPtr, n); break;
  }
}

/** op(x, s) or, with scalarFirst, op(s, x). `sPtr` is a scratch f32 slot holding s. */
export function binaryScalarF32(op: i32, xPtr: usize, s: f32, sPtr: usize, outPtr: usize, n: i32, scalarFirst: i32): void {
  store<f32>(sPtr, s);
  if (scalarFirst) binaryRow(op, sPtr, 0, xPtr, 1, outPtr, n);
  else binaryRow(op, xPtr, 1, sPtr, 0, outPtr, n);
}

/** In place: y += alpha·x */
export function axpyF32(yPtr: usize, xPtr: usize, n: i32, alpha: f32): void {
  const av = f32x4.splat(alpha);
  const n4 = n & ~3;
  let i = 0;
  for (; i < n4; i += 4) {
    const o = <usize>i << 2;
    v128.store(yPtr + o, madd(av, v128.load(xPtr + o), v128.load(yPtr + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(yPtr + o, first(madd(av, f32x4.splat(load<f32>(xPtr + o)), f32x4.splat(load<f32>(yPtr + o)))));
  }
}
