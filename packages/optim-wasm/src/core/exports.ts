/**
 * The raw exports of the WASM module. Every kernel area adds its signatures here;
 * pointers are byte offsets into `memory`, counts are element counts.
 */
export interface CoreExports {
  memory: WebAssembly.Memory;
  /** First byte free for the allocator (after the static data). */
  heapBase(): number;
  /** 1 in the relaxed-SIMD (fast) build, else 0. */
  isRelaxedBuild(): number;
  /** out[0..n) ← value. */
  fill(outPtr: number, n: number, value: number): void;
  /** out[0..n) ← src[0..n) (regions may not overlap). */
  copy(srcPtr: number, outPtr: number, n: number): void;
  // rng (assembly/rng.ts): key, stream and word counter of a Philox4x32-10 stream.
  /** One Philox4x32-10 block: four u32 words for counter (c0..c3) and key (k0, k1). */
  philox4x32Block(outPtr: number, c0: number, c1: number, c2: number, c3: number, k0: number, k1: number): void;
  /** n draws lo + width·u, u ∈ [0, 1), from the stream (key, stream, counter). */
  rngFillUniform(outPtr: number, n: number, k0: number, k1: number, s0: number, s1: number, counter: number, lo: number, width: number): void;
  /** n draws: scale where u < threshold, else 0 (a dropout mask). */
  rngFillBernoulli(outPtr: number, n: number, k0: number, k1: number, s0: number, s1: number, counter: number, threshold: number, scale: number): void;
  /** n Box–Muller draws mean + std·z, both halves of each pair. */
  rngFillNormal(outPtr: number, n: number, k0: number, k1: number, s0: number, s1: number, counter: number, mean: number, std: number): void;
  // optim (assembly/optim/*.ts): fused updates; each returns the count of non-finite gradients read.
  /** Fused SGD / momentum / Nesterov step (mode picks the form); returns the non-finite gradients read. */
  sgdUpdate(pPtr: number, gPtr: number, bufPtr: number, n: number, gScale: number, l2: number, decay: number, mu: number, a: number, gc: number, c: number, mode: number): number;
  /** Fused Adagrad step; returns the non-finite gradients read. */
  adagradUpdate(pPtr: number, gPtr: number, sPtr: number, n: number, gScale: number, l2: number, decay: number, negClr: number, eps: number, epsInsideSqrt: number): number;
  /** Fused Adadelta step; returns the non-finite gradients read. */
  adadeltaUpdate(pPtr: number, gPtr: number, vPtr: number, uPtr: number, n: number, gScale: number, l2: number, decay: number, negLr: number, rho: number, omr: number, eps: number): number;
  /** Fused RMSprop step (centered / momentum / forms in flags); returns the non-finite gradients read. */
  rmspropUpdate(pPtr: number, gPtr: number, vPtr: number, gaPtr: number, bufPtr: number, n: number, gScale: number, l2: number, decay: number, negLr: number, alpha: number, oma: number, eps: number, mu: number, flags: number): number;
  /** Fused Adam / AdamW / AMSGrad step; returns the non-finite gradients read. */
  adamUpdate(pPtr: number, gPtr: number, mPtr: number, vPtr: number, vmaxPtr: number, n: number, gScale: number, l2: number, decay: number, b1: number, omb1: number, b2: number, omb2: number, negStep: number, denomScale: number, eps: number, amsgrad: number): number;
  /** Fused NAdam step; returns the non-finite gradients read. */
  nadamUpdate(pPtr: number, gPtr: number, mPtr: number, vPtr: number, n: number, gScale: number, l2: number, decay: number, b1: number, omb1: number, b2: number, omb2: number, cg: number, cm: number, denomScale: number, eps: number): number;
  /** Fused RAdam step (adaptive or SGD-like per the rectifier); returns the non-finite gradients read. */
  radamUpdate(pPtr: number, gPtr: number, mPtr: number, vPtr: number, n: number, gScale: number, l2: number, decay: number, b1: number, omb1: number, b2: number, omb2: number, negStep: number, eps: number, adaptive: number): number;
  /** 1 when a fused update since the last call wrote an inf/NaN parameter (clears the flag). */
  takeNonFiniteParams(): number;
  /** Fused Adamax step (eps inside or outside the max); returns the non-finite gradients read. */
  adamaxUpdate(pPtr: number, gPtr: number, mPtr: number, uPtr: number, n: number, gScale: number, l2: number, decay: number, b1: number, omb1: number, b2: number, negStep: number, eps: number, epsOutsideMax: number): number;
  // clip (assembly/clip.ts): gradient pre-steps.
  /** Σ x² in f64. */
  sumOfSquares(xPtr: number, n: number): number;
  /** Σ |x| in f64. */
  sumAbs(xPtr: number, n: number): number;
  /** max |x| (NaN if any is NaN). */
  maxAbs(xPtr: number, n: number): number;
  /** Σ |x|^p in f64. */
  sumPowAbs(xPtr: number, n: number, p: number): number;
  /** x ← s·x. */
  scaleInPlace(xPtr: number, n: number, s: number): void;
  /** x ← clamp(x, lo, hi). */
  clipInPlace(xPtr: number, n: number, lo: number, hi: number): void;
  /** How many of x[0..n) are ±Inf or NaN. */
  countNonFinite(xPtr: number, n: number): number;
  /** x ← x + alpha·y. */
  addScaledInPlace(xPtr: number, yPtr: number, n: number, alpha: number): void;
  // matmul (assembly/matmul.ts): packed, register-blocked; scratch holds matmulScratchSize floats.
  /** f32 elements of scratch `matmul` needs for these sizes. */
  matmulScratchSize(m: number, k: number, n: number): number;
  /** Packed, register-blocked (batched) matrix product with optional bias, accumulate and epilogue; `part` of `parts` for threads. */
  matmul(aPtr: number, bPtr: number, outPtr: number, biasPtr: number, m: number, k: number, n: number, transA: number, transB: number, batch: number, aStride: number, bStride: number, scratchPtr: number, accumulate: number, epilogue: number, maskPtr: number, part: number, parts: number): void;
  // movement (assembly/movement.ts): index arrays are i32 in memory; strides/offsets in elements.
  /** Copy a rank ≤ 4 strided view (sizes d, source strides s, destination strides t). */
  stridedCopy(srcPtr: number, dstPtr: number, d0: number, d1: number, d2: number, d3: number, s0: number, s1: number, s2: number, s3: number, t0: number, t1: number, t2: number, t3: number): void;
  /** out = x.index_select(axis) for x viewed as [outer, axisLen, inner]. */
  indexSelect(xPtr: number, idxPtr: number, outPtr: number, outer: number, axisLen: number, count: number, inner: number): void;
  /** The transpose of indexSelect: scatter-add dy into out. */
  indexAdd(dyPtr: number, idxPtr: number, outPtr: number, outer: number, axisLen: number, count: number, inner: number): void;
  /** torch.gather along one axis, offsets precomputed per outer and inner position. */
  gather(xPtr: number, idxPtr: number, outerOffPtr: number, innerOffPtr: number, outPtr: number, outer: number, count: number, inner: number, axisStride: number): void;
  /** The transpose of gather: scatter-add dy into out. */
  scatterAdd(dyPtr: number, idxPtr: number, outerOffPtr: number, innerOffPtr: number, outPtr: number, outLen: number, outer: number, count: number, inner: number, axisStride: number): void;
  /** out [n, classes] ← one-hot of the i32 indices. */
  oneHot(idxPtr: number, outPtr: number, n: number, classes: number): void;
  // conv (assembly/conv.ts): NCHW; geometry = kh, kw, strideH, strideW, padH, padW, dilationH, dilationW, outH, outW.
  /** NCHW input → columns [N, C·kh·kw, outH·outW]. */
  im2col(xPtr: number, colsPtr: number, n: number, c: number, h: number, w: number, kh: number, kw: number, sH: number, sW: number, pH: number, pW: number, dH: number, dW: number, outH: number, outW: number): void;
  /** Columns back to NCHW, overlapping windows add. */
  col2im(colsPtr: number, xPtr: number, n: number, c: number, h: number, w: number, kh: number, kw: number, sH: number, sW: number, pH: number, pW: number, dH: number, dW: number, outH: number, outW: number): void;
  /** Max pooling; argmax records each output's flat input index. */
  maxPool2d(xPtr: number, outPtr: number, argmaxPtr: number, planes: number, h: number, w: number, kh: number, kw: number, sH: number, sW: number, pH: number, pW: number, dH: number, dW: number, outH: number, outW: number): void;
  /** Route dy to the recorded argmax positions. */
  maxPool2dBackward(dyPtr: number, argmaxPtr: number, dxPtr: number, planes: number, h: number, w: number, outHW: number): void;
  /** Average pooling, padding counted as zeros. */
  avgPool2d(xPtr: number, outPtr: number, planes: number, h: number, w: number, kh: number, kw: number, sH: number, sW: number, pH: number, pW: number, dH: number, dW: number, outH: number, outW: number): void;
  /** Spread dy evenly over each window. */
  avgPool2dBackward(dyPtr: number, dxPtr: number, planes: number, h: number, w: number, kh: number, kw: number, sH: number, sW: number, pH: number, pW: number, dH: number, dW: number, outH: number, outW: number): void;
}

// elementwise, broadcast, reduce, softmax (assembly/{elementwise,broadcast,reduce,softmax}.ts).
// Op codes live in src/kernels/op-codes.ts; meta pointers are int32 scratch (see each kernel).
export interface CoreExports {
  /** out = op(x) elementwise (op codes in kernels/op-codes.ts; p0, p1 its parameters). */
  unaryF32(op: number, xPtr: number, outPtr: number, n: number, p0: number, p1: number): void;
  /** dL/dx of a unary op from x, y and dy. */
  unaryBackwardF32(op: number, xPtr: number, yPtr: number, dyPtr: number, outPtr: number, n: number, p0: number, p1: number): void;
  /** out[i] = op(a[i·aStep], b[i·bStep]) over one row. */
  binaryRow(op: number, aPtr: number, aStep: number, bPtr: number, bStep: number, outPtr: number, n: number): void;
  /** out = op(x, s) or op(s, x) (scalarFirst); sPtr ≠ 0 reads s from memory. */
  binaryScalarF32(op: number, xPtr: number, s: number, sPtr: number, outPtr: number, n: number, scalarFirst: number): void;
  /** y ← y + alpha·x. */
  axpyF32(yPtr: number, xPtr: number, n: number, alpha: number): void;
  /** out = op(a, b) with broadcasting; shapes and strides in the i32 meta block. */
  binaryStrided(op: number, aPtr: number, bPtr: number, outPtr: number, rank: number, metaPtr: number): void;
  /** out = c ? a : b with broadcasting; shapes and strides in the i32 meta block. */
  whereStrided(cPtr: number, aPtr: number, bPtr: number, outPtr: number, rank: number, metaPtr: number): void;
  /** acc[0..n) ← value (the reduction's identity). */
  reduceInit(accPtr: number, n: number, value: number): void;
  /** out[j] += Σ_i x[i·cols + j] (f64 column sums, one f32 add). */
  sumRowsAccumulateF32(xPtr: number, outPtr: number, rows: number, cols: number): void;
  /** Fold x into acc over the reduced axes (meta block describes the view). */
  reduceAccumulate(op: number, xPtr: number, accPtr: number, refPtr: number, rank: number, metaPtr: number): void;
  /** acc → out (mean scaling, logsumexp's log, variance's division). */
  reduceFinish(mode: number, accPtr: number, refPtr: number, outPtr: number, n: number, scale: number): void;
  /** Index of the max (or min) along the middle axis of [outer, len, inner]. */
  argReduceF32(isMin: number, xPtr: number, outPtr: number, outer: number, len: number, inner: number): void;
  /** Row softmax of [rows, cols]. */
  softmaxF32(xPtr: number, outPtr: number, rows: number, cols: number): void;
  /** Row log-softmax of [rows, cols]. */
  logSoftmaxF32(xPtr: number, outPtr: number, rows: number, cols: number): void;
  /** dx = y ⊙ (dy − Σ dy⊙y) per row. */
  softmaxBackwardF32(yPtr: number, dyPtr: number, outPtr: number, rows: number, cols: number): void;
  /** dx = dy − softmax ⊙ Σ dy per row. */
  logSoftmaxBackwardF32(yPtr: number, dyPtr: number, outPtr: number, rows: number, cols: number): void;
  /** Per-row cross-entropy from logits with label smoothing eps, and its gradient. */
  softmaxCrossEntropyF32(xPtr: number, targetsPtr: number, lossPtr: number, gradPtr: number, rows: number, cols: number, eps: number): void;
}
