import { checkNumeric, DescentError } from '@descent/optim-wasm';
import { noGrad } from '../grad-mode.js';
import { fmt, sameShape } from '../shape.js';
import { Tensor } from '../tensor.js';

/** One entry of a state dict: the shape and a flat copy of the values (the tensor's precision). */
export interface StateEntry {
  shape: number[];
  data: Float32Array | Float64Array;
}

/** Parameters and persistent buffers by dotted name ("0.weight", "features.1.runningMean"). */
export type StateDict = Record<string, StateEntry>;

/** What `loadStateDict` accepts: any flat numbers with a shape. */
export type StateDictInput = Record<string, { shape: readonly number[]; data: ArrayLike<number> }>;

/** What `loadStateDict` could not match: names the module lacks, names the dict lacks (non-strict load). */
export interface LoadStateDictResult {
  missingKeys: string[];
  unexpectedKeys: string[];
}

const NAME = /^[^.\s]+$/;

/**
 * The base of every layer, after torch.nn.Module: a module owns parameters (leaf tensors with
 * `requiresGrad`), buffers (state that is not trained, e.g. BatchNorm running statistics) and
 * child modules, each registered under a name. Names compose with dots, children first
 * registered first, so `namedParameters()` of `Sequential(Linear, ReLU, Linear)` yields
 * `0.weight, 0.bias, 2.weight, 2.bias` exactly as PyTorch.
 *
 * Subclasses register in the constructor and read their tensors through `param(name)` /
 * `buffer(name)` in `forward`, so `functionalCall` can substitute them.
 */
export abstract class Module {
  /** Training mode (true) or evaluation mode; `train()`/`eval()` set it on the whole tree. */
  training = true;
  private readonly _parameters = new Map<string, Tensor | null>();
  private readonly _buffers = new Map<string, Tensor | null>();
  private readonly _nonPersistent = new Set<string>();
  private readonly _modules = new Map<string, Module | null>();

  /** The computation. */
  abstract forward(input: Tensor): Tensor;

  /** The class name, used in `toString` and errors. */
  get typeName(): string {
    return this.constructor.name;
  }

  // ---- registration ---------------------------------------------------------------------

  private checkName(kind: string, name: string): void {
    if (typeof name !== 'string' || !NAME.test(name)) throw new DescentError('value', `${this.typeName}.register${kind}: invalid name '${String(name)}' (non-empty, no dots or spaces)`);
    if (this._parameters.has(name) || this._buffers.has(name) || this._modules.has(name)) {
      throw new DescentError('value', `${this.typeName}.register${kind}: '${name}' is already registered`);
    }
  }

  /** Register `t` as a parameter (it becomes a leaf with requiresGrad); `null` reserves the name. */
  registerParameter<T extends Tensor | null>(name: string, t: T): T {
    this.checkName('Parameter', name);
    if (t !== null) checkLeaf(`${this.typeName}.registerParameter('${name}')`, t).requiresGrad = true;
    this._parameters.set(name, t);
    return t;
  }

  /** Register a buffer; non-persistent buffers are left out of `stateDict()`. */
  registerBuffer<T extends Tensor | null>(name: string, t: T, { persistent = true }: { persistent?: boolean } = {}): T {
    this.checkName('Buffer', name);
    if (t !== null && !(t instanceof Tensor)) throw new DescentError('value', `${this.typeName}.registerBuffer('${name}'): expected a Tensor, got ${String(t)}`);
    this._buffers.set(name, t);
    if (!persistent) this._nonPersistent.add(name);
    return t;
  }

  /** Register a child module. */
  registerModule<M extends Module | null>(name: string, m: M): M {
    this.checkName('Module', name);
    if (m !== null && !(m instanceof Module)) throw new DescentError('value', `${this.typeName}.registerModule('${name}'): expected a Module, got ${String(m)}`);
    this._modules.set(name, m);
    return m;
  }

  /** This module's own parameter `name` (throws if absent or null). */
  param(name: string): Tensor {
    const t = this._parameters.get(name);
    if (!t) throw new DescentError('value', `${this.typeName}: no parameter '${name}'${this._parameters.has(name) ? ' (it is null)' : ''}`);
    return t;
  }

  /** Own parameter `name`, or null when registered as null (an optional bias). */
  optionalParam(name: string): Tensor | null {
    if (!this._parameters.has(name)) throw new DescentError('value', `${this.typeName}: no parameter '${name}'`);
    return this._parameters.get(name)!;
  }

  /** This module's own buffer `name`, or null when registered as null. */
  buffer(name: string): Tensor | null {
    if (!this._buffers.has(name)) throw new DescentError('value', `${this.typeName}: no buffer '${name}'`);
    return this._buffers.get(name)!;
  }

  /** Replace a registered parameter (same shape); returns the previous tensor. */
  setParameter(name: string, t: Tensor | null): Tensor | null {
    return this.replace(this._parameters, 'parameter', name, t);
  }

  /** Replace a registered buffer (e.g. BatchNorm running statistics); returns the previous one. */
  setBuffer(name: string, t: Tensor | null): Tensor | null {
    return this.replace(this._buffers, 'buffer', name, t);
  }

  private replace(map: Map<string, Tensor | null>, kind: string, name: string, t: Tensor | null): Tensor | null {
    if (!map.has(name)) throw new DescentError('value', `${this.typeName}.set: no ${kind} '${name}' to replace`);
    const prev = map.get(name)!;
    if (t !== null && !(t instanceof Tensor)) throw new DescentError('value', `${this.typeName}.set: ${kind} '${name}' must be a Tensor, got ${String(t)}`);
    if (t && prev && !sameShape(t.shape, prev.shape)) {
      throw new DescentError('shape', `${this.typeName}.set: ${kind} '${name}' has shape ${fmt(prev.shape)}, got ${fmt(t.shape)}`);
    }
    map.set(name, t);
    return prev;
  }

  // ---- traversal --------------------------------------------------------------------------

  /** Direct children with their names (null slots skipped). */
  namedChildren(): [string, Module][] {
    return [...this._modules].filter((e): e is [string, Module] => e[1] !== null);
  }

  /** Direct children (null slots skipped), in registration order. */
  children(): Module[] {
    return this.namedChildren().map(([, m]) => m);
  }

  /** This module and every descendant, depth first, each once: ['', this], ['0', child], … */
  namedModules(prefix = ''): [string, Module][] {
    const out: [string, Module][] = [];
    const seen = new Set<Module>();
    const visit = (m: Module, p: string) => {
      if (seen.has(m)) return;
      seen.add(m);
      out.push([p, m]);
      for (const [n, c] of m.namedChildren()) visit(c, p ? `${p}.${n}` : n);
    };
    visit(this, prefix);
    return out;
  }

  /** This module and every descendant, depth first, each once. */
  modules(): Module[] {
    return this.namedModules().map(([, m]) => m);
  }

  private collect(kind: 'parameters' | 'buffers', recurse: boolean, persistentOnly: boolean): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    const seen = new Set<Tensor>();
    const mods = recurse ? this.namedModules() : ([['', this]] as [string, Module][]);
    for (const [p, m] of mods) {
      const map = kind === 'parameters' ? m._parameters : m._buffers;
      for (const [n, t] of map) {
        if (!t || seen.has(t) || (persistentOnly && m._nonPersistent.has(n))) continue;
        seen.add(t);
        out.push([p ? `${p}.${n}` : n, t]);
      }
    }
    return out;
  }

  /** Parameters by dotted name, in registration order, each tensor once (shared ones too). */
  namedParameters(recurse = true): [string, Tensor][] {
    return this.collect('parameters', recurse, false);
  }

  /** The parameters (of the whole tree unless `recurse` is false), each tensor once, in `namedParameters` order. */
  parameters(recurse = true): Tensor[] {
    return this.namedParameters(recurse).map(([, t]) => t);
  }

  /** Buffers by dotted name (persistent and not). */
  namedBuffers(recurse = true): [string, Tensor][] {
    return this.collect('buffers', recurse, false);
  }

  /** The buffers (persistent and not; of the whole tree unless `recurse` is false), each once. */
  buffers(recurse = true): Tensor[] {
    return this.namedBuffers(recurse).map(([, t]) => t);
  }

  /** Total number of parameter elements. */
  parameterCount(): number {
    return this.parameters().reduce((s, t) => s + t.size, 0);
  }

  // ---- modes and gradients --------------------------------------------------------------------

  /** Set training mode on this module and every descendant. */
  train(mode = true): this {
    for (const m of this.modules()) m.training = mode;
    return this;
  }

  /** Evaluation mode: `train(false)`. */
  eval(): this {
    return this.train(false);
  }

  /** Zero every parameter's gradient in place (arena-bound gradients stay bound). */
  zeroGrad(): void {
    for (const p of this.parameters()) p.zeroGrad();
  }

  // ---- state dict -------------------------------------------------------------------------

  /**
   * Every parameter and persistent buffer by dotted name, each module's own parameters then
   * its buffers then its children (PyTorch's order), as `{shape, data}` copies.
   */
  stateDict(): StateDict {
    const sd: StateDict = {};
    const add = ([name, t]: [string, Tensor]) => {
      sd[name] = { shape: [...t.shape], data: t.data() };
    };
    for (const [p, m] of this.namedModules()) {
      const own = (map: Map<string, Tensor | null>, skip?: Set<string>) => {
        for (const [n, t] of map) if (t && !skip?.has(n)) add([p ? `${p}.${n}` : n, t]);
      };
      own(m._parameters);
      own(m._buffers, m._nonPersistent);
    }
    return sd;
  }

  /**
   * Copy values into this module's parameters and persistent buffers, in place (so arena views
   * stay bound). With `strict` (default) missing or unexpected keys are an error listing them;
   * a shape or length mismatch is always an error naming the key and both shapes.
   */
  loadStateDict(sd: StateDictInput, { strict = true }: { strict?: boolean } = {}): LoadStateDictResult {
    if (sd === null || typeof sd !== 'object') throw new DescentError('value', `loadStateDict: expected an object of {shape, data}, got ${String(sd)}`);
    const own = new Map<string, Tensor>(Object.entries(this.stateDictTargets()));
    const missingKeys = [...own.keys()].filter((k) => !(k in sd));
    const unexpectedKeys = Object.keys(sd).filter((k) => !own.has(k));
    if (strict && (missingKeys.length || unexpectedKeys.length)) {
      const parts = [];
      if (missingKeys.length) parts.push(`missing keys: ${missingKeys.join(', ')}`);
      if (unexpectedKeys.length) parts.push(`unexpected keys: ${unexpectedKeys.join(', ')}`);
      throw new DescentError('state-dict', `loadStateDict (${this.typeName}): ${parts.join('; ')}`);
    }
    const pending: [Tensor, ArrayLike<number>][] = [];
    for (const [k, t] of own) {
      const e = sd[k];
      if (!e) continue;
      if (!e.shape || !sameShape(e.shape, t.shape)) {
        throw new DescentError('shape', `loadStateDict (${this.typeName}): '${k}' has shape ${e.shape ? fmt(e.shape) : String(e.shape)} in the state dict, ${fmt(t.shape)} in the module`);
      }
      checkNumeric(e.data, `loadStateDict (${this.typeName})`, `'${k}'.data`);
      if (e.data.length !== t.size) {
        throw new DescentError('shape', `loadStateDict (${this.typeName}): '${k}' has ${e.data?.length} values for shape ${fmt(t.shape)} (${t.size} elements)`);
      }
      pending.push([t, e.data]);
    }
    // Validate everything before writing anything: a failed load leaves the module untouched.
    noGrad(() => pending.forEach(([t, data]) => t.assign(data)));
    return { missingKeys, unexpectedKeys };
  }

  /** The tensors `stateDict` would export, by name. */
  private stateDictTargets(): Record<string, Tensor> {
    const out: Record<string, Tensor> = {};
    for (const [p, m] of this.namedModules()) {
      for (const [n, t] of m._parameters) if (t) out[p ? `${p}.${n}` : n] = t;
      for (const [n, t] of m._buffers) if (t && !m._nonPersistent.has(n)) out[p ? `${p}.${n}` : n] = t;
    }
    return out;
  }

  /** Extra text in `toString`, e.g. "in=784, out=256". */
  protected extraRepr(): string {
    return '';
  }

  /** A PyTorch-style tree, e.g. `Sequential(\n  (0): Linear(in=2, out=8)\n  …)`. */
  toString(): string {
    const kids = this.namedChildren();
    const head = `${this.typeName}(${this.extraRepr()}`;
    if (!kids.length) return `${head})`;
    const inner = kids.map(([n, m]) => `  (${n}): ${m.toString().replace(/\n/g, '\n  ')}`).join('\n');
    return `${head}${this.extraRepr() ? ', ' : ''}\n${inner}\n)`;
  }
}

function checkLeaf(op: string, t: Tensor): Tensor {
  if (!(t instanceof Tensor)) throw new DescentError('value', `${op}: expected a Tensor, got ${String(t)}`);
  if (!t.isLeaf) throw new DescentError('value', `${op}: a parameter must be a leaf tensor, got the result of '${t.node!.op}' (detach it)`);
  return t;
}
