/**
 * The raw exports of the WASM module. Every kernel area adds its signatures here;
 * pointers are byte offsets into `memory`, counts are element counts.
 */
export interface CoreExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  isRelaxedBuild(): number;
  fill(outPtr: number, n: number, value: number): void;
  copy(srcPtr: number, outPtr: number, n: number): void;
  // rng (assembly/rng.ts): key, stream and word counter of a Philox4x32-10 stream.
  philox4x32Block(outPtr: number, c0: number, c1: number, c2: number, c3: number, k0: number, k1: number): void;
  rngFillUniform(outPtr: number, n: number, k0: number, k1: number, s0: number, s1: number, counter: number, lo: number, width: number): void;
  rngFillBernoulli(outPtr: number, n: number, k0: number, k1: number, s0: number, s1: number, counter: number, threshold: number, scale: number): void;
  rngFillNormal(outPtr: number, n: number, k0: number, k1: number, s0: number, s1: number, counter: number, mean: number, std: number): void;
  // optim (assembly/optim/*.ts): fused updates; each returns the count of non-finite gradients read.
  sgdUpdate(pPtr: number, gPtr: number, bufPtr: number, n: number, gScale: number, l2: number, decay: number, mu: number, a: number, gc: number, c: number, mode: number): number;
  adagradUpdate(pPtr: number, gPtr: number, sPtr: number, n: number, gScale: number, l2: number, decay: number, negClr: number, eps: number, epsInsideSqrt: number): number;
  adadeltaUpdate(pPtr: number, gPtr: number, vPtr: number, uPtr: number, n: number, gScale: number, l2: number, decay: number, negLr: number, rho: number, omr: number, eps: number): number;
  rmspropUpdate(pPtr: number, gPtr: number, vPtr: number, gaPtr: number, bufPtr: number, n: number, gScale: number, l2: number, decay: number, negLr: number, alpha: number, oma: number, eps: number, mu: number, flags: number): number;
  adamUpdate(pPtr: number, gPtr: number, mPtr: number, vPtr: number, vmaxPtr: number, n: number, gScale: number, l2: number, decay: number, b1: number, omb1: number, b2: number, omb2: number, negStep: number, denomScale: number, eps: number, amsgrad: number): number;
  nadamUpdate(pPtr: number, gPtr: number, mPtr: number, vPtr: number, n: number, gScale: number, l2: number, decay: number, b1: number, omb1: number, b2: number, omb2: number, cg: number, cm: number, denomScale: number, eps: number): number;
  radamUpdate(pPtr: number, gPtr: number, mPtr: number, vPtr: number, n: number, gScale: number, l2: number, decay: number, b1: number, omb1: number, b2: number, omb2: number, negStep: number, eps: number, adaptive: number): number;
  /** 1 when a fused update since the last call wrote an inf/NaN parameter (clears the flag). */
  takeNonFiniteParams(): number;
  adamaxUpdate(pPtr: number, gPtr: number, mPtr: number, uPtr: number, n: number, gScale: number, l2: number, decay: number, b1: number, omb1: number, b2: number, negStep: number, eps: number, epsOutsideMax: number): number;
  // clip (assembly/clip.ts): gradient pre-steps.
  sumOfSquares(xPtr: number, n: number): number;
  sumAbs(xPtr: number, n: number): number;
  maxAbs(xPtr: number, n: number): number;
  sumPowAbs(xPtr: number, n: number, p: number): number;
  scaleInPlace(xPtr: number, n: number, s: number): void;
  clipInPlace(xPtr: number, n: number, lo: number, hi: number): void;
  countNonFinite(xPtr: number, n: number): number;
  addScaledInPlace(xPtr: number, yPtr: number, n: number, alpha: number): void;
  // matmul (assembly/matmul.ts): packed, register-blocked; scratch holds matmulScratchSize floats.
  matmulScratchSize(m: number, k: number, n: number): number;
  matmul(aPtr: number, bPtr: number, outPtr: number, biasPtr: number, m: number, k: number, n: number, transA: number, transB: number, batch: number, aStride: number, bStride: number, scratchPtr: number, accumulate: number, epilogue: number, maskPtr: number, part: number, parts: number): void;
  // movement (assembly/movement.ts): index arrays are i32 in memory; strides/offsets in elements.
  stridedCopy(srcPtr: number, dstPtr: number, d0: number, d1: number, d2: number, d3: number, s0: number, s1: number, s2: number, s3: number, t0: number, t1: number, t2: number, t3: number): void;
  indexSelect(xPtr: number, idxPtr: number, outPtr: number, outer: number, axisLen: number, count: number, inner: number): void;
  indexAdd(dyPtr: number, idxPtr: number, outPtr: number, outer: number, axisLen: number, count: number, inner: number): void;
  gather(xPtr: number, idxPtr: number, outerOffPtr: number, innerOffPtr: number, outPtr: number, outer: number, count: number, inner: number, axisStride: number): void;
  scatterAdd(dyPtr: number, idxPtr: number, outerOffPtr: number, innerOffPtr: number, outPtr: number, outLen: number, outer: number, count: number, inner: number, axisStride: number): void;
  oneHot(idxPtr: number, outPtr: number, n: number, classes: number): void;
  // conv (assembly/conv.ts): NCHW; geometry = kh, kw, strideH, strideW, padH, padW, dilationH, dilationW, outH, outW.
  im2col(xPtr: number, colsPtr: number, n: number, c: number, h: number, w: number, kh: number, kw: number, sH: number, sW: number, pH: number, pW: number, dH: number, dW: number, outH: number, outW: number): void;
  col2im(colsPtr: number, xPtr: number, n: number, c: number, h: number, w: number, kh: number, kw: number, sH: number, sW: number, pH: number, pW: number, dH: number, dW: number, outH: number, outW: number): void;
  maxPool2d(xPtr: number, outPtr: number, argmaxPtr: number, planes: number, h: number, w: number, kh: number, kw: number, sH: number, sW: number, pH: number, pW: number, dH: number, dW: number, outH: number, outW: number): void;
  maxPool2dBackward(dyPtr: number, argmaxPtr: number, dxPtr: number, planes: number, h: number, w: number, outHW: number): void;
  avgPool2d(xPtr: number, outPtr: number, planes: number, h: number, w: number, kh: number, kw: number, sH: number, sW: number, pH: number, pW: number, dH: number, dW: number, outH: number, outW: number): void;
  avgPool2dBackward(dyPtr: number, dxPtr: number, planes: number, h: number, w: number, kh: number, kw: number, sH: number, sW: number, pH: number, pW: number, dH: number, dW: number, outH: number, outW: number): void;
}

// elementwise, broadcast, reduce, softmax (assembly/{elementwise,broadcast,reduce,softmax}.ts).
// Op codes live in src/kernels/op-codes.ts; meta pointers are int32 scratch (see each kernel).
export interface CoreExports {
  unaryF32(op: number, xPtr: number, outPtr: number, n: number, p0: number, p1: number): void;
  unaryBackwardF32(op: number, xPtr: number, yPtr: number, dyPtr: number, outPtr: number, n: number, p0: number, p1: number): void;
  binaryRow(op: number, aPtr: number, aStep: number, bPtr: number, bStep: number, outPtr: number, n: number): void;
  binaryScalarF32(op: number, xPtr: number, s: number, sPtr: number, outPtr: number, n: number, scalarFirst: number): void;
  axpyF32(yPtr: number, xPtr: number, n: number, alpha: number): void;
  binaryStrided(op: number, aPtr: number, bPtr: number, outPtr: number, rank: number, metaPtr: number): void;
  whereStrided(cPtr: number, aPtr: number, bPtr: number, outPtr: number, rank: number, metaPtr: number): void;
  reduceInit(accPtr: number, n: number, value: number): void;
  /** out[j] += Σ_i x[i·cols + j] (f64 column sums, one f32 add). */
  sumRowsAccumulateF32(xPtr: number, outPtr: number, rows: number, cols: number): void;
  reduceAccumulate(op: number, xPtr: number, accPtr: number, refPtr: number, rank: number, metaPtr: number): void;
  reduceFinish(mode: number, accPtr: number, refPtr: number, outPtr: number, n: number, scale: number): void;
  argReduceF32(isMin: number, xPtr: number, outPtr: number, outer: number, len: number, inner: number): void;
  softmaxF32(xPtr: number, outPtr: number, rows: number, cols: number): void;
  logSoftmaxF32(xPtr: number, outPtr: number, rows: number, cols: number): void;
  softmaxBackwardF32(yPtr: number, dyPtr: number, outPtr: number, rows: number, cols: number): void;
  logSoftmaxBackwardF32(yPtr: number, dyPtr: number, outPtr: number, rows: number, cols: number): void;
  softmaxCrossEntropyF32(xPtr: number, targetsPtr: number, lossPtr: number, gradPtr: number, rows: number, cols: number, eps: number): void;
}
