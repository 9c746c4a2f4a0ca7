import { DescentError, F32Buffer, type Backend } from '@descent/optim-wasm';
import { backward as runBackward, type BackwardOptions } from './engine.js';
import { fmt, sizeOf, type Shape } from './shape.js';

/**
 * The storage a tensor reads through. Views (reshape, detach) share one box, so they share the
 * version counter (in-place writes are seen by every view) and the disposed flag.
 */
export interface StorageBox<S> {
  data: S;
  version: number;
  disposed: boolean;
}

/** One recorded op: its inputs, the tensors its backward reads, and how to pull a gradient back. */
export interface Node<S> {
  readonly op: string;
  readonly inputs: readonly Tensor<S>[];
  /** dL/d(inputs) from dL/d(output); `null` for inputs that get no gradient. */
  readonly backward: (dy: Tensor<S>) => readonly (Tensor<S> | null)[];
  /** Tensors read by `backward` and their versions when saved (checked before use). */
  readonly saved: readonly Tensor<S>[];
  readonly savedVersions: readonly number[];
  /** Set once a `backward()` without `retainGraph` has gone through this node (PyTorch frees it). */
  freed?: boolean;
}

/**
 * The tape's node. One class with every field set in the constructor (in one order), so the
 * engine's hot loops see one object shape; the backward closure receives the op's output
 * through `out` instead of a second closure per op.
 */
export class TapeNode<S> implements Node<S> {
  readonly op: string;
  readonly inputs: readonly Tensor<S>[];
  /** May name the output before it exists: `record` fills its slot right after. */
  readonly saved: readonly Tensor<S>[];
  readonly savedVersions: readonly number[];
  freed: boolean;
  /** The op's output (set right after the output tensor exists). */
  out: Tensor<S> | null;
  private readonly fn: (dy: Tensor<S>, out: Tensor<S>) => readonly (Tensor<S> | null)[];

  constructor(
    op: string,
    inputs: readonly Tensor<S>[],
    fn: (dy: Tensor<S>, out: Tensor<S>) => readonly (Tensor<S> | null)[],
    saved: readonly Tensor<S>[],
    savedVersions: readonly number[],
  ) {
    this.op = op;
    this.inputs = inputs;
    this.saved = saved;
    this.savedVersions = savedVersions;
    this.freed = false;
    this.out = null;
    this.fn = fn;
  }

  backward(dy: Tensor<S>): readonly (Tensor<S> | null)[] {
    return this.fn(dy, this.out!);
  }
}

/** Nested arrays of numbers, as `toArray()` returns them. */
export type NestedArray = number | NestedArray[];

/**
 * An n-dimensional array of floats on one backend (f32 WASM or f64 reference), with an optional
 * node of the tape that produced it. Created by `tensor`, `zeros`, … and by ops.
 */
export class Tensor<S = any> {
  readonly backend: Backend<S>;
  readonly shape: readonly number[];
  readonly size: number;
  /** The op that produced this tensor (null for leaves and for results computed without grad). */
  readonly node: Node<S> | null;
  /** Optional label, used in error messages and gradcheck reports. */
  name: string | undefined;
  private box: StorageBox<S>;
  private _requiresGrad: boolean;
  private _grad: Tensor<S> | null = null;
  private _retainGrad = false;

  constructor(backend: Backend<S>, box: StorageBox<S>, shape: Shape, node: Node<S> | null, requiresGrad: boolean) {
    this.backend = backend;
    this.box = box;
    // a frozen shape (another tensor's) is shared, anything else copied once
    this.shape = Object.isFrozen(shape) ? shape : Object.freeze(shape.slice());
    this.size = sizeOf(shape);
    this.node = node;
    this._requiresGrad = requiresGrad;
  }

  /** Wrap a backend storage (the tensor owns it). */
  static fromStorage<S>(backend: Backend<S>, data: S, shape: Shape): Tensor<S> {
    return new Tensor(backend, { data, version: 0, disposed: false }, shape, null, false);
  }

  get rank(): number {
    return this.shape.length;
  }

  get isLeaf(): boolean {
    return this.node === null;
  }

  get requiresGrad(): boolean {
    return this._requiresGrad;
  }

  set requiresGrad(v: boolean) {
    if (this.node && !v) throw new DescentError('requires-grad', `requiresGrad: cannot turn off on a non-leaf tensor ${fmt(this.shape)}; use detach()`);
    this._requiresGrad = v;
  }

  /** Incremented by every in-place change; backward refuses saved tensors whose version moved. */
  get version(): number {
    return this.box.version;
  }

  get isDisposed(): boolean {
    return this.box.disposed || !storageAlive(this.box.data);
  }

  /** The raw storage, checked alive. `op` names the caller in the error. */
  storageFor(op: string): S {
    if (this.isDisposed) {
      throw new DescentError(
        'disposed',
        `${op}: tensor${this.name ? ` '${this.name}'` : ''} ${fmt(this.shape)} was disposed (or freed when its tidy scope ended)`,
      );
    }
    return this.box.data;
  }

  get storage(): S {
    return this.storageFor('tensor');
  }

  /** The accumulated gradient (a leaf's, or a non-leaf's after `retainGrad()`), or null. */
  get grad(): Tensor<S> | null {
    return this._grad;
  }

  /** Keep the gradient of this non-leaf tensor after `backward`. */
  retainGrad(): this {
    this._retainGrad = true;
    return this;
  }

  get retainsGrad(): boolean {
    return this._retainGrad;
  }

  /** A flat copy of the data (Float32Array on WASM, Float64Array on the reference backend). */
  data(): Float32Array | Float64Array {
    return this.backend.toArray(this.storageFor('data'));
  }

  /** The data as nested arrays following `shape` (a number for a scalar). */
  toArray(): NestedArray {
    const flat = this.data();
    if (this.shape.length === 0) return flat[0]!;
    let i = 0;
    const build = (d: number): NestedArray[] => {
      const out: NestedArray[] = [];
      const n = this.shape[d]!;
      for (let j = 0; j < n; j++) out.push(d === this.shape.length - 1 ? flat[i++]! : build(d + 1));
      return out;
    };
    return build(0);
  }

  /** The single value of a one-element tensor. */
  item(): number {
    if (this.size !== 1) throw new DescentError('shape', `item: tensor has ${this.size} elements ${fmt(this.shape)}, expected exactly 1`);
    const s = this.storageFor('item');
    return s instanceof F32Buffer ? s.get(0) : this.data()[0]!;
  }

  /** The same data (shared, no copy) without a graph and without requiresGrad. */
  detach(): Tensor<S> {
    this.storageFor('detach');
    return new Tensor(this.backend, this.box, this.shape, null, false);
  }

  /**
   * A view sharing this tensor's storage and version with another shape (same size) and the given
   * node. Used by `recordView` (reshape); prefer `reshape`, which records the backward.
   */
  view(shape: Shape, node: Node<S> | null, requiresGrad: boolean): Tensor<S> {
    return new Tensor(this.backend, this.box, shape, node, requiresGrad);
  }

  /** Free the storage now (and the gradient's, unless it is bound to an arena). */
  dispose(): void {
    if (this.box.disposed) return;
    this.box.disposed = true;
    freeStorage(this.box.data);
    this._grad?.dispose();
    this._grad = null;
  }

  /**
   * Back-propagate from this tensor: every leaf with `requiresGrad` gets dL/dleaf added (`+=`) to
   * its `grad`. A non-scalar needs `seed` = dL/dthis (same shape). The graph can be walked once
   * unless `retainGraph` is set (as in PyTorch): a second walk would add the gradients again.
   */
  backward(seed?: Tensor<S> | ArrayLike<number> | number, options?: BackwardOptions): void {
    runBackward(this, seed, options);
  }

  /** Set the gradient to zeros in place (kept allocated, so arena views stay bound). */
  zeroGrad(): void {
    if (this._grad) this.backend.fillInPlace(this._grad.storageFor('zeroGrad'), 0);
  }

  /** Mark an in-place change made outside the tape (e.g. by an optimizer kernel). */
  markModified(): void {
    this.box.version++;
  }

  /** In place: overwrite the values from a flat array or a same-shaped tensor. Bumps the version. */
  assign(values: Tensor<S> | ArrayLike<number>): this {
    const dst = this.storageFor('assign');
    const src = values instanceof Tensor ? values : null;
    const n = src ? src.size : (values as ArrayLike<number>).length;
    if (n !== this.size) throw new DescentError('shape', `assign: ${n} values do not fit tensor ${fmt(this.shape)} (${this.size} elements)`);
    const b = this.backend;
    const tmp = src ? src.storageFor('assign') : b.fromArray(values as ArrayLike<number>);
    b.fillInPlace(dst, 0);
    b.axpyInPlace(dst, tmp, 1);
    if (!src) b.free(tmp);
    this.box.version++;
    return this;
  }

  /**
   * Rebind a leaf to external storage, e.g. views of a flat parameter arena: the current values are
   * copied into `values`, and `grad` (if given) becomes where backward accumulates, so gradients
   * land where the optimizer reads them. Lengths must equal `size`.
   */
  bindStorage(values: S, grad?: S): this {
    if (this.node) throw new DescentError('bind', `bindStorage: only leaf tensors can be rebound, got the result of '${this.node.op}'`);
    const b = this.backend;
    const check = (s: S, what: string) => {
      if (b.length(s) !== this.size) throw new DescentError('shape', `bindStorage: ${what} has ${b.length(s)} elements, tensor ${fmt(this.shape)} has ${this.size}`);
    };
    check(values, 'values');
    if (grad !== undefined) check(grad, 'grad');
    const old = this.storageFor('bindStorage');
    if (old !== values) {
      b.fillInPlace(values, 0);
      b.axpyInPlace(values, old, 1);
      freeStorage(old);
    }
    this.box.data = values;
    this.box.version++;
    if (grad !== undefined) {
      const prev = this._grad;
      b.fillInPlace(grad, 0);
      if (prev) {
        b.axpyInPlace(grad, prev.storageFor('bindStorage'), 1);
        if (prev.storageFor('bindStorage') !== grad) prev.dispose();
      }
      this._grad = Tensor.fromStorage(b, grad, this.shape);
    }
    return this;
  }

  /** Used by the engine: `grad += g` (allocates a persistent gradient on first use). */
  accumulateGrad(g: Tensor<S>): void {
    const b = this.backend;
    if (!this._grad || this._grad.isDisposed) {
      // kept out of any enclosing tidy scope: the gradient persists like the parameter
      this._grad = Tensor.fromStorage(b, b.keep(b.copy(g.storageFor('backward'))), this.shape);
    } else {
      b.axpyInPlace(this._grad.storageFor('backward'), g.storageFor('backward'), 1);
      this._grad.markModified();
    }
  }

  /** Used by the engine for non-leaves after `retainGrad()`. */
  setGrad(g: Tensor<S> | null): void {
    this._grad = g;
  }

  /** `Tensor([2, 3], wasm, requiresGrad, op=matmul)`: shape, backend and graph role, never the values. */
  toString(): string {
    return `Tensor(${fmt(this.shape)}, ${this.backend.name}${this._requiresGrad ? ', requiresGrad' : ''}${this.node ? `, op=${this.node.op}` : ''})`;
  }
}

/** F32Buffers can be freed under us (tidy); plain arrays cannot. */
function storageAlive(s: unknown): boolean {
  return !(s instanceof F32Buffer) || s.isAlive;
}

function freeStorage(s: unknown): void {
  if (s instanceof F32Buffer) s.free();
}
