import { DescentError } from '@descent/optim-wasm';
import { isGradEnabled, setGradEnabled } from './grad-mode.js';
import { fmt, sameShape, type Shape } from './shape.js';
import { TapeNode, Tensor, type Node } from './tensor.js';

/**
 * Wrap an op's result storage as a tensor and, when recording and some input requires grad, attach
 * the node `{op, inputs, backward}`. `saved` lists the tensors `backward` reads (default: the inputs
 * and the output); their versions are checked before backward runs.
 */
export function record<S>(
  op: string,
  inputs: readonly Tensor<S>[],
  data: S,
  shape: Shape,
  backward: (dy: Tensor<S>, out: Tensor<S>) => readonly (Tensor<S> | null)[],
  saved?: readonly Tensor<S>[],
): Tensor<S> {
  const backend = inputs[0]!.backend;
  const box = { data, version: 0, disposed: false };
  if (!isGradEnabled() || !anyRequiresGrad(inputs)) return new Tensor(backend, box, shape, null, false);
  // saved: the given tensors, or the inputs and then the output (version 0: its storage is new)
  const versions: number[] = [];
  let keep: readonly Tensor<S>[];
  let all: Tensor<S>[] | null = null;
  if (saved) {
    for (let i = 0; i < saved.length; i++) versions.push(saved[i]!.version);
    keep = saved;
  } else {
    all = [];
    for (let i = 0; i < inputs.length; i++) {
      all.push(inputs[i]!);
      versions.push(inputs[i]!.version);
    }
    versions.push(0);
    keep = all;
  }
  const node = new TapeNode(op, inputs, backward, keep, versions);
  const out = new Tensor(backend, box, shape, node, true);
  node.out = out;
  if (all !== null) all.push(out);
  return out;
}

function anyRequiresGrad<S>(ts: readonly Tensor<S>[]): boolean {
  for (let i = 0; i < ts.length; i++) if (ts[i]!.requiresGrad) return true;
  return false;
}

/** Same as `record` for an op whose output shares the input's storage (reshape, detach-like views). */
export function recordView<S>(op: string, x: Tensor<S>, shape: Shape, backward: (dy: Tensor<S>) => Tensor<S>): Tensor<S> {
  x.storageFor(op);
  if (!isGradEnabled() || !x.requiresGrad) return x.view(shape, null, false);
  const node = new TapeNode<S>(op, [x], (dy) => [backward(dy)], NOTHING_SAVED, NO_VERSIONS);
  const out = x.view(shape, node, true);
  node.out = out;
  return out;
}

const NOTHING_SAVED: readonly never[] = Object.freeze([]);
const NO_VERSIONS: readonly number[] = Object.freeze([]);

/** True while a plain `backward()` runs (no graph of the gradient, results go to leaves' `.grad`). */
let leafSinkOpen = false;

/** Whether a plain `backward()` is running: only leaves' gradients (and retained ones) are kept. */
export function plainBackward(): boolean {
  return leafSinkOpen;
}

/**
 * Let an op add its gradient for `t` straight into `t.grad` (e.g. a weight gradient computed by
 * a matmul that accumulates into its output) instead of returning it: saves a temporary and an
 * add per parameter per step. Only during a plain `backward()`, only for a leaf that already has
 * a gradient buffer (a parameter bound to an arena): returns that gradient tensor, to which the
 * op adds in place and then calls `markModified()`; null when the op must return the gradient.
 */
export function leafGradSink<S>(t: Tensor<S>): Tensor<S> | null {
  if (!leafSinkOpen || !t.isLeaf || !t.requiresGrad) return null;
  const g = t.grad;
  if (!g || g.isDisposed) return null;
  return g;
}

/** Every tensor reachable from `roots`, inputs before the tensors computed from them. */
function topoOrder<S>(roots: readonly Tensor<S>[]): Tensor<S>[] {
  const order: Tensor<S>[] = [];
  const seen = new Set<Tensor<S>>();
  // Iterative post-order DFS (deep graphs must not overflow the JS stack): the stack of tensors
  // and, beside it, the index of the next input to visit of each.
  const stack: Tensor<S>[] = [];
  const next: number[] = [];
  for (let r = 0; r < roots.length; r++) {
    const root = roots[r]!;
    if (seen.has(root)) continue;
    seen.add(root);
    stack.push(root);
    next.push(0);
    while (stack.length > 0) {
      const top = stack.length - 1;
      const node = stack[top]!.node;
      const i = next[top]!;
      if (node !== null && i < node.inputs.length) {
        next[top] = i + 1;
        const c = node.inputs[i]!;
        if (c.requiresGrad && !seen.has(c)) {
          seen.add(c);
          stack.push(c);
          next.push(0);
        }
      } else {
        order.push(stack.pop()!);
        next.pop();
      }
    }
  }
  return order;
}

function checkSaved<S>(node: Node<S>): void {
  const saved = node.saved;
  for (let i = 0; i < saved.length; i++) {
    const t = saved[i]!;
    if (t.version !== node.savedVersions[i]) {
      throw new DescentError(
        'inplace-modified',
        `backward of '${node.op}': a tensor ${fmt(t.shape)} it saved was modified in place after the forward pass (version ${node.savedVersions[i]} → ${t.version}); recompute the forward pass`,
      );
    }
  }
}

/** Differentiable `a + b` for two gradients of the same shape (accumulation). */
function addGrads<S>(a: Tensor<S>, b: Tensor<S>): Tensor<S> {
  const be = a.backend;
  const data = be.binary('add', a.storageFor('backward'), a.shape, b.storageFor('backward'), b.shape);
  return record('add', [a, b], data, a.shape, (dy) => [dy, dy], []);
}

function toSeed<S>(root: Tensor<S>, seed: Tensor<S> | ArrayLike<number> | number | undefined, op: string): Tensor<S> {
  const b = root.backend;
  if (seed === undefined) {
    if (root.size !== 1) {
      throw new DescentError('backward', `${op}: the output ${fmt(root.shape)} is not a scalar; pass the upstream gradient (a seed of the same shape)`);
    }
    return Tensor.fromStorage(b, b.full(1, 1), root.shape);
  }
  if (seed instanceof Tensor) {
    if (seed.backend !== b) throw new DescentError('backend', `${op}: seed is on the ${seed.backend.name} backend, output on ${b.name}`);
    if (!sameShape(seed.shape, root.shape)) throw new DescentError('shape', `${op}: seed shape ${fmt(seed.shape)} does not match output shape ${fmt(root.shape)}`);
    return seed;
  }
  const arr = typeof seed === 'number' ? [seed] : seed;
  if (arr.length !== root.size) throw new DescentError('shape', `${op}: seed has ${arr.length} values, output ${fmt(root.shape)} has ${root.size}`);
  return Tensor.fromStorage(b, b.fromArray(arr), root.shape);
}

function checkNotFreed<S>(node: Node<S>, op: string): void {
  if (node.freed) {
    throw new DescentError(
      'backward',
      `${op}: the graph through '${node.op}' was already walked by a backward() and freed; pass { retainGraph: true } to the earlier backward() to walk it again, or recompute the forward pass`,
    );
  }
}

/** Walk the tape from `roots` in reverse topological order; returns every tensor's gradient. */
function propagate<S>(roots: readonly Tensor<S>[], seeds: readonly Tensor<S>[], createGraph: boolean, op: string, free = false): Map<Tensor<S>, Tensor<S>> {
  const order = topoOrder(roots);
  const grads = new Map<Tensor<S>, Tensor<S>>();
  // every node is checked before any gradient is computed (or written into a leaf's .grad)
  for (let k = 0; k < order.length; k++) {
    const node = order[k]!.node;
    if (node === null) continue;
    checkNotFreed(node, op);
    checkSaved(node);
  }
  const mode = setGradEnabled(createGraph);
  try {
    for (let i = 0; i < roots.length; i++) {
      const r = roots[i]!;
      const prev = grads.get(r);
      grads.set(r, prev ? addGrads(prev, seeds[i]!) : seeds[i]!);
    }
    for (let k = order.length - 1; k >= 0; k--) {
      const t = order[k]!;
      const node = t.node;
      if (node === null) continue;
      const g = grads.get(t);
      if (g === undefined) continue;
      const ins = node.backward(g);
      const inputs = node.inputs;
      for (let i = 0; i < inputs.length; i++) {
        const x = inputs[i]!;
        const gi = ins[i];
        if (!x.requiresGrad || !gi) continue;
        if (!sameShape(gi.shape, x.shape)) {
          throw new DescentError('internal', `backward of '${node.op}': gradient ${fmt(gi.shape)} does not match input ${i} ${fmt(x.shape)}`);
        }
        const prev = grads.get(x);
        grads.set(x, prev ? addGrads(prev, gi) : gi);
      }
    }
  } finally {
    setGradEnabled(mode);
  }
  if (free) for (let k = 0; k < order.length; k++) if (order[k]!.node !== null) order[k]!.node!.freed = true;
  return grads;
}

/** Options of `backward`. */
export interface BackwardOptions {
  /** Keep the graph walkable by a later backward() (PyTorch's retain_graph); default false. */
  retainGraph?: boolean;
}

/**
 * Reverse-mode sweep from `root`: for every leaf with `requiresGrad`, `leaf.grad += dL/dleaf`.
 * A non-scalar root needs `seed` (dL/droot); non-leaves keep theirs only after `retainGrad()`.
 */
export function backward<S>(root: Tensor<S>, seed?: Tensor<S> | ArrayLike<number> | number, options: BackwardOptions = NO_OPTIONS): void {
  if (options === null || typeof options !== 'object') throw new DescentError('value', `backward: options must be an object like { retainGraph: true }, got ${String(options)}`);
  if (!root.requiresGrad) {
    throw new DescentError('backward', `backward: tensor ${fmt(root.shape)} does not require grad (no input had requiresGrad, or it was computed under noGrad)`);
  }
  const seedTensor = toSeed(root, seed, 'backward');
  leafSinkOpen = true;
  let grads: Map<Tensor<S>, Tensor<S>>;
  try {
    grads = propagate([root], [seedTensor], false, 'backward', !options.retainGraph);
  } finally {
    leafSinkOpen = false;
  }
  const mode = setGradEnabled(false);
  try {
    for (const [t, g] of grads) {
      if (t.isLeaf) t.accumulateGrad(g);
      else if (t.retainsGrad) t.setGrad(g);
    }
  } finally {
    setGradEnabled(mode);
  }
}

const NO_OPTIONS: BackwardOptions = Object.freeze({});

/** Options of `grad` (torch.autograd.grad). */
export interface GradOptions<S> {
  /** dL/d(outputs), one per output; may be omitted for scalar outputs. */
  gradOutputs?: readonly (Tensor<S> | ArrayLike<number> | number | undefined)[];
  /** Record the backward pass itself, so the returned gradients can be differentiated again. */
  createGraph?: boolean;
  /** Return zeros instead of failing for inputs the outputs do not depend on. */
  allowUnused?: boolean;
}

/**
 * Functional gradient (torch.autograd.grad): Σ_k gradOutputs[k] · ∂outputs[k]/∂inputs, returned
 * instead of accumulated into `.grad`. With `createGraph` the results carry a graph of their own.
 */
export function grad<S>(outputs: Tensor<S> | readonly Tensor<S>[], inputs: readonly Tensor<S>[], options: GradOptions<S> = {}): Tensor<S>[] {
  const outs = outputs instanceof Tensor ? [outputs] : outputs;
  outs.forEach((o) => {
    if (!o.requiresGrad) throw new DescentError('backward', `grad: output ${fmt(o.shape)} does not require grad`);
  });
  const seeds = outs.map((o, i) => toSeed(o, options.gradOutputs?.[i], 'grad'));
  const grads = propagate(outs, seeds, options.createGraph === true, 'grad');
  return inputs.map((x, i) => {
    const g = grads.get(x);
    if (g) return g;
    if (!options.allowUnused) {
      throw new DescentError('backward', `grad: input ${i}${x.name ? ` '${x.name}'` : ''} ${fmt(x.shape)} is not used by the outputs (pass allowUnused)`);
    }
    return Tensor.fromStorage(x.backend, x.backend.zeros(x.size), x.shape);
  });
}
