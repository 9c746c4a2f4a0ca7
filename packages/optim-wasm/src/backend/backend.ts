/**
 * The contract between the math and everything above it. Two implementations exist:
 * - `WasmBackend` (f32, SIMD kernels in WebAssembly): the fast path;
 * - `ReferenceBackend` (f64, readable TypeScript written like the math): the oracle that every
 *   kernel is tested against, and the double-precision backend that `gradcheck` runs on.
 *
 * Conventions for every method:
 * - Shapes are row-major (C order) arrays of non-negative integers; `[]` is a scalar.
 * - Every method returns a NEW storage (the caller owns it) unless it says "in place".
 *   On the WASM backend, storage allocated inside `core.tidy` is freed with the scope.
 * - Integer data (class targets, indices) crosses as `Int32Array`; masks are 0/1 floats.
 * - Every method validates its inputs before touching memory and throws a `DescentError`
 *   naming the kernel and the shapes at fault.
 */
export interface Backend<S> {
  readonly name: 'wasm' | 'reference';
  readonly dtype: 'float32' | 'float64';

  // ---- storage -------------------------------------------------------------------------
  /** Zero-filled storage of `n` elements. */
  zeros(n: number): S;
  /** Storage of `n` elements, all `value`. */
  full(n: number, value: number): S;
  /** Storage holding a copy of `data` (rounded to the backend's precision). */
  fromArray(data: ArrayLike<number>): S;
  /** A copy of the contents as plain numbers. */
  toArray(x: S): Float64Array | Float32Array;
  /** The number of elements of `x`. */
  length(x: S): number;
  /** Release `x` now (WASM memory); using it afterwards is an error. */
  free(x: S): void;
  /** Run `fn` in a scope that frees what it allocated, except what it returns. */
  tidy<T>(fn: () => T): T;
  /**
   * Exempt `x` from every enclosing tidy scope (it lives until `free`); returns `x`. For storage
   * first allocated inside a scope that must outlive it (persistent gradients, parameters).
   */
  keep(x: S): S;
  /** A new storage with the same contents. */
  copy(x: S): S;
  /** In place: `y += alpha * x` (gradient accumulation). */
  axpyInPlace(y: S, x: S, alpha: number): void;
  /** In place: fill with a value. */
  fillInPlace(x: S, value: number): void;

  // ---- elementwise -----------------------------------------------------------------------
  /** `op(x)` elementwise (see `UnaryOp`; `params` for those with a parameter). */
  unary(op: UnaryOp, x: S, params?: UnaryParams): S;
  /** dL/dx of `y = op(x)` given x, y and dL/dy (same length). */
  unaryBackward(op: UnaryOp, x: S, y: S, dy: S, params?: UnaryParams): S;
  /** `op(a, b)` with full NumPy broadcasting; the result has `broadcastShapes(aShape, bShape)`. */
  binary(op: BinaryOp, a: S, aShape: Shape, b: S, bShape: Shape): S;
  /** `op(x, s)` or, with `scalarFirst`, `op(s, x)`. */
  binaryScalar(op: BinaryOp, x: S, s: number, scalarFirst?: boolean): S;
  /** Comparison to a 0/1 mask with broadcasting. */
  compare(op: CompareOp, a: S, aShape: Shape, b: S, bShape: Shape): S;
  /** `cond ? a : b` (cond is a 0/1 mask) with broadcasting of all three. */
  where(cond: S, condShape: Shape, a: S, aShape: Shape, b: S, bShape: Shape): S;
  /** Materialise `x` broadcast to `to`. */
  broadcastTo(x: S, from: Shape, to: Shape): S;
  /** Sum `x` (shaped `from`) down to `to`: undoes broadcasting (the gradient rule). */
  sumToShape(x: S, from: Shape, to: Shape): S;

  // ---- reductions ------------------------------------------------------------------------
  /**
   * Reduce over `axes` (non-negative, sorted, unique; empty = no reduction). The output shape
   * keeps reduced dims as 1 (callers drop them for keepdim=false: the data is the same).
   * `var` takes `correction` (0 = biased, 1 = unbiased). logsumexp is max-shifted.
   */
  reduce(op: ReduceOp, x: S, shape: Shape, axes: readonly number[], params?: { correction?: number }): S;
  /** Index of the max (or min) along one axis; first occurrence wins. Output has the axis set to 1. */
  argReduce(op: 'argmax' | 'argmin', x: S, shape: Shape, axis: number): Int32Array;

  // ---- linear algebra --------------------------------------------------------------------
  /**
   * Batched matrix product over `batch` independent problems laid out contiguously:
   * `out[b] = op(A[b]) · op(B[b])`, op = transpose when the flag is set. `A[b]` is stored as
   * m×k (or k×m when transA), `B[b]` as k×n (or n×k when transB); `out[b]` is m×n.
   * `aBatchStride`/`bBatchStride` are element strides between problems (0 broadcasts one
   * matrix to every problem). With `bias` (length n) it is added to every row (fused).
   * An `epilogue` is applied to the result as it is stored: `relu` (max(v, 0), NaN kept), or
   * `maskPositive` (v where mask > 0, else 0: relu's backward with mask = the relu output,
   * shaped like out).
   */
  matmul(a: S, b: S, p: MatmulParams, bias?: S, epilogue?: MatmulEpilogue<S>): S;
  /**
   * In place: `out[b] += op(A[b]) · op(B[b])` (same params as `matmul`, no bias). Lets a weight
   * gradient land in its accumulator without a temporary (f32: identical to matmul then add).
   */
  matmulAccumulate(out: S, a: S, b: S, p: MatmulParams): void;
  /** In place: `out[j] += Σ_i x[i·cols + j]` for x [rows, cols] (a bias gradient, accumulated). */
  sumRowsAccumulate(out: S, x: S, rows: number, cols: number): void;

  // ---- softmax family (over the last axis of an [outer, classes] view) -------------------
  /** Softmax of each row, max-subtracted for stability. */
  softmax(x: S, rows: number, cols: number): S;
  /** Log-softmax of each row: x − logsumexp(x). */
  logSoftmax(x: S, rows: number, cols: number): S;
  /** dx = y ⊙ (dy − Σ dy⊙y) */
  softmaxBackward(y: S, dy: S, rows: number, cols: number): S;
  /** dx = dy − softmax ⊙ Σ dy (y holds log-softmax) */
  logSoftmaxBackward(y: S, dy: S, rows: number, cols: number): S;
  /**
   * Per-row cross-entropy from logits with integer targets and label smoothing ε:
   * target distribution (1−ε)·onehot + ε/C. Returns per-row losses and the gradient of
   * their SUM w.r.t. the logits (softmax − target distribution).
   */
  softmaxCrossEntropy(logits: S, targets: Int32Array, rows: number, cols: number, labelSmoothing: number): { loss: S; grad: S };

  // ---- data movement ---------------------------------------------------------------------
  /** Transpose / permute: out shape is `shape[perm[i]]`. */
  permute(x: S, shape: Shape, perm: readonly number[]): S;
  /** Python slicing per axis: start inclusive, end exclusive, positive step (already normalised). */
  slice(x: S, shape: Shape, starts: readonly number[], ends: readonly number[], steps: readonly number[]): S;
  /** The transpose of `slice`: scatter `dy` (the sliced shape) into zeros of `shape`. */
  sliceBackward(dy: S, shape: Shape, starts: readonly number[], ends: readonly number[], steps: readonly number[]): S;
  /** torch.cat: join `xs` (with their shapes) along `axis`. */
  concat(xs: readonly S[], shapes: readonly Shape[], axis: number): S;
  /** out = x.index_select(axis, index) */
  indexSelect(x: S, shape: Shape, axis: number, index: Int32Array): S;
  /** The transpose of indexSelect: scatter-add `dy` into zeros of `shape` (repeats accumulate). */
  indexAdd(dy: S, shape: Shape, axis: number, index: Int32Array): S;
  /** torch.gather: out has `indexShape`; out[.., i, ..] = x[.., index[.., i, ..], ..] along axis. */
  gather(x: S, shape: Shape, axis: number, index: Int32Array, indexShape: Shape): S;
  /** The transpose of gather: scatter-add into zeros of `shape`. */
  scatterAdd(dy: S, shape: Shape, axis: number, index: Int32Array, indexShape: Shape): S;
  /** [indices.length, classes] with a 1 at each row's index. */
  oneHot(indices: Int32Array, classes: number): S;

  // ---- convolution and pooling (NCHW) ----------------------------------------------------
  /** [N, C, H, W] → columns [N, C·kh·kw, outH·outW]. */
  im2col(x: S, p: Conv2dGeometry): S;
  /** The transpose of im2col: columns back to [N, C, H, W], overlapping windows add. */
  col2im(cols: S, p: Conv2dGeometry): S;
  /** Max pooling; `argmax` holds the flat input index each output came from (for backward). */
  maxPool2d(x: S, p: Conv2dGeometry): { out: S; argmax: Int32Array };
  /** Route each `dy` element back to the input position `argmax` recorded. */
  maxPool2dBackward(dy: S, argmax: Int32Array, p: Conv2dGeometry): S;
  /** Average pooling; padding counts as zeros in the average (count_include_pad = true). */
  avgPool2d(x: S, p: Conv2dGeometry): S;
  /** Spread each `dy` element evenly over its window (padding included). */
  avgPool2dBackward(dy: S, p: Conv2dGeometry): S;

  // ---- clipping helpers ------------------------------------------------------------------
  /** Σ x² accumulated in f64 (gradient norms). */
  sumOfSquares(x: S): number;
  /** In place: x *= s */
  scaleInPlace(x: S, s: number): void;
  /** In place: clamp every element to [lo, hi] */
  clipInPlace(x: S, lo: number, hi: number): void;
}

/** Row-major dimensions; `[]` is a scalar. */
export type Shape = readonly number[];

/** The elementwise functions of `Backend.unary` (and their derivatives in `unaryBackward`). */
export type UnaryOp =
  | 'neg'
  | 'abs'
  | 'exp'
  | 'log'
  | 'sqrt'
  | 'square'
  | 'reciprocal'
  | 'tanh'
  | 'sigmoid'
  | 'relu'
  | 'leakyRelu'
  | 'elu'
  | 'gelu'
  | 'geluTanh'
  | 'softplus'
  | 'clamp'
  | 'sign'
  /** x^p for a scalar exponent p (params.exponent) */
  | 'powScalar'
  /** sin x; d/dx = cos x */
  | 'sin'
  /** cos x; d/dx = −sin x */
  | 'cos';

/** The parameter of a parameterised `UnaryOp`. */
export interface UnaryParams {
  /** leakyRelu slope (default 0.01), elu alpha (default 1) */
  alpha?: number;
  /** softplus (default 1, threshold 20) */
  beta?: number;
  /** softplus: above β·x > threshold it is linear (default 20) */
  threshold?: number;
  /** clamp lower bound (may be omitted) */
  min?: number;
  /** clamp upper bound (may be omitted) */
  max?: number;
  /** powScalar's p */
  exponent?: number;
}

/** Elementwise binary ops with broadcasting. */
export type BinaryOp = 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'maximum' | 'minimum';
/** Elementwise comparisons, giving a 0/1 mask. */
export type CompareOp = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';
/** Reductions over axes ('var' divides by N − correction, correction 1 by default: unbiased). */
export type ReduceOp = 'sum' | 'mean' | 'max' | 'min' | 'logsumexp' | 'var';

/** A (batched) matrix product C[m, n] = op(A)[m, k] · op(B)[k, n]. */
export interface MatmulParams {
  /** Rows of the result. */
  m: number;
  /** The contracted dimension. */
  k: number;
  /** Columns of the result. */
  n: number;
  /** A is stored [k, m]. */
  transA?: boolean;
  /** B is stored [n, k]. */
  transB?: boolean;
  /** Number of products (default 1). */
  batch?: number;
  /** Elements between consecutive A matrices (0 broadcasts one A). */
  aBatchStride?: number;
  /** Elements between consecutive B matrices (0 broadcasts one B). */
  bBatchStride?: number;
}

/** What a matmul's result passes through before it is stored (see `Backend.matmul`). */
export type MatmulEpilogue<S> = { kind: 'relu' } | { kind: 'maskPositive'; mask: S };

/** The geometry of a 2-D window op over NCHW input: sizes, kernel, stride, padding, dilation. */
export interface Conv2dGeometry {
  n: number;
  c: number;
  h: number;
  w: number;
  kh: number;
  kw: number;
  strideH: number;
  strideW: number;
  padH: number;
  padW: number;
  dilationH: number;
  dilationW: number;
}
