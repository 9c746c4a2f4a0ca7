import { DescentError } from '../errors.js';
import { Core, type CoreVariant } from './core.js';
import { KernelPool, POOL_BLOCK_BYTES, threadsSupported } from './pool.js';

/**
 * Which build to run. `simd` is the default because it gives the same bits in every engine
 * (relaxed multiply-add may or may not fuse). `relaxed` forces the relaxed-SIMD build;
 * `auto` picks relaxed when `WebAssembly.validate` accepts it, else plain SIMD.
 */
export type VariantChoice = CoreVariant | 'auto';

/** Where module bytes come from: the bytes, a URL (a string resolves against this file), or a Response. */
export type ModuleSource = BufferSource | URL | string | Response | Promise<Response>;

/** How `init` / `loadCore` load the core: build, fast mode, threads, module source, memory cap. */
export interface LoadOptions {
  /** Which build: 'simd' (default), 'relaxed', or 'auto' (relaxed where supported). */
  variant?: VariantChoice;
  /**
   * Fast mode: the relaxed-SIMD build, whose multiply-add fuses where the CPU has FMA. Results
   * then depend on the CPU (and engine); the default build gives the same bits everywhere.
   */
  fast?: boolean;
  /**
   * Threads that run large kernels (default 1). Above 1 the core's memory is a shared
   * WebAssembly.Memory and `threads − 1` workers run parts of each large kernel over it; results
   * are bit-identical for every thread count. Needs SharedArrayBuffer (browsers: a cross-origin
   * isolated page, or a Web Worker of one).
   */
  threads?: number;
  /**
   * The module bytes, a URL, a Response, or a module compiled already (`compileCoreModule`: a
   * worker handed one instantiates it without fetching or compiling); by default the `.wasm`
   * shipped beside this file (with `threads` > 1: the shared-memory build).
   */
  source?: ModuleSource | WebAssembly.Module;
  /** Cap on linear memory in bytes (default: 4 GiB, the wasm32 limit). */
  maxBytes?: number;
}

const PAGE = 65536;
/** The builds' declared memory: 32 pages initially, at most 65536 (4 GiB). */
const INITIAL_PAGES = 32;
const MAX_PAGES = 65536;
/** More threads than this never helps a kernel and only costs start-up. */
export const MAX_THREADS = 64;

/** The smallest module using v128: validates only where WASM SIMD exists. */
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11,
]);
/** As above plus f32x4.relaxed_madd (0xfd 0x105). */
const RELAXED_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 19, 1, 17, 0, 65, 0, 253, 15, 65, 0, 253,
  15, 65, 0, 253, 15, 253, 133, 2, 11,
]);

/** Whether this engine validates WebAssembly SIMD (the core needs it). */
export function simdSupported(): boolean {
  return typeof WebAssembly === 'object' && WebAssembly.validate(SIMD_PROBE);
}

/** Whether this engine validates relaxed SIMD (fast mode needs it). */
export function relaxedSimdSupported(): boolean {
  return typeof WebAssembly === 'object' && WebAssembly.validate(RELAXED_PROBE);
}

/** The build a choice resolves to here; throws a DescentError naming what is missing. */
export function resolveVariant(choice: VariantChoice = 'simd'): CoreVariant {
  if (!simdSupported()) {
    throw new DescentError(
      'no-simd',
      'optim-wasm: this JavaScript engine has no WebAssembly SIMD (needs Node 16.4+, Chrome 91+, Firefox 89+, Safari 16.4+)',
    );
  }
  if (choice === 'auto') return relaxedSimdSupported() ? 'relaxed' : 'simd';
  if (choice === 'relaxed' && !relaxedSimdSupported()) {
    throw new DescentError(
      'no-relaxed-simd',
      'optim-wasm: relaxed SIMD was forced but this engine rejects it (Node 20 needs --experimental-wasm-relaxed-simd)',
    );
  }
  return choice;
}

export function wasmUrl(variant: CoreVariant, shared = false): URL {
  // Literal paths so bundlers (Vite, esbuild) see and copy every asset.
  if (shared) {
    return variant === 'relaxed'
      ? new URL('../../wasm/descent-relaxed-shared.wasm', import.meta.url)
      : new URL('../../wasm/descent-simd-shared.wasm', import.meta.url);
  }
  return variant === 'relaxed'
    ? new URL('../../wasm/descent-relaxed.wasm', import.meta.url)
    : new URL('../../wasm/descent-simd.wasm', import.meta.url);
}

/** The build a load asks for: `fast` means relaxed SIMD (and conflicts with `variant: 'simd'`). */
export function resolveChoice(options: Pick<LoadOptions, 'variant' | 'fast'>): CoreVariant {
  if (options.fast !== undefined && typeof options.fast !== 'boolean') {
    throw new DescentError('config', `optim-wasm: fast must be true or false, got ${String(options.fast)}`);
  }
  if (options.fast && options.variant === 'simd') {
    throw new DescentError('config', "optim-wasm: fast: true is the relaxed build; it conflicts with variant: 'simd'");
  }
  if (!options.fast) return resolveVariant(options.variant);
  if (simdSupported() && !relaxedSimdSupported()) {
    throw new DescentError(
      'no-relaxed-simd',
      'optim-wasm: fast mode needs relaxed SIMD, which this engine rejects; on Node 20 run node --experimental-wasm-relaxed-simd (Node 22+ and Chrome 114+ have it on)',
    );
  }
  return resolveVariant('relaxed');
}

/** Validated thread count (default 1). */
export function resolveThreads(threads: number | undefined): number {
  if (threads === undefined) return 1;
  if (!Number.isInteger(threads) || threads < 1 || threads > MAX_THREADS) {
    throw new DescentError('config', `optim-wasm: threads must be an integer from 1 to ${MAX_THREADS}, got ${String(threads)}`);
  }
  if (threads > 1 && !threadsSupported()) {
    throw new DescentError(
      'threads',
      `optim-wasm: threads: ${threads} needs SharedArrayBuffer; serve the page cross-origin isolated (Cross-Origin-Opener-Policy: same-origin, Cross-Origin-Embedder-Policy: require-corp) or use threads: 1`,
    );
  }
  return threads;
}

/** Logical CPUs of this machine (Node: os.availableParallelism; browsers: navigator.hardwareConcurrency). */
export function availableThreads(): number {
  const g = globalThis as { process?: { getBuiltinModule?: (m: string) => unknown }; navigator?: { hardwareConcurrency?: number } };
  const os = g.process?.getBuiltinModule?.('node:os') as { availableParallelism?: () => number; cpus(): unknown[] } | undefined;
  const n = os ? (os.availableParallelism?.() ?? os.cpus().length) : (g.navigator?.hardwareConcurrency ?? 1);
  return Math.max(1, Math.min(MAX_THREADS, Math.floor(n) || 1));
}

function sharedMemory(maxBytes: number | undefined): WebAssembly.Memory {
  const maximum = Math.max(INITIAL_PAGES, Math.min(MAX_PAGES, Math.floor((maxBytes ?? MAX_PAGES * PAGE) / PAGE)));
  return new WebAssembly.Memory({ initial: INITIAL_PAGES, maximum, shared: true });
}

/** A core over an instance; with threads, its shared memory gets a kernel pool. */
function assemble(module: WebAssembly.Module, instance: WebAssembly.Instance, variant: CoreVariant, threads: number, maxBytes: number | undefined, memory?: WebAssembly.Memory): Core {
  const core = new Core(instance, variant, maxBytes, memory);
  if (memory) {
    const block = core.persistent(POOL_BLOCK_BYTES / 4);
    core.attachPool(new KernelPool(module, memory, instance.exports, block.ptr, threads));
  }
  return core;
}

function instantiateError(e: unknown, threads: number): never {
  throw new DescentError(
    'load',
    `optim-wasm: instantiating the ${threads > 1 ? 'shared-memory' : 'single-thread'} build failed (${(e as Error).message}); a custom source must be that build`,
  );
}

async function fetchBytes(source: ModuleSource): Promise<BufferSource> {
  if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) return source;
  const resolved = await source;
  if (typeof Response !== 'undefined' && resolved instanceof Response) return resolved.arrayBuffer();
  const url = typeof resolved === 'string' ? new URL(resolved, import.meta.url) : (resolved as URL);
  if (url.protocol === 'file:') return readFileNode(url);
  const res = await fetch(url);
  if (!res.ok) throw new DescentError('load', `optim-wasm: fetching ${url.href} failed with HTTP ${res.status}`);
  return res.arrayBuffer();
}

function nodeFs(): { readFileSync(p: URL): Uint8Array } {
  const proc = (globalThis as { process?: { getBuiltinModule?: (m: string) => unknown } }).process;
  const fs = proc?.getBuiltinModule?.('node:fs') as { readFileSync(p: URL): Uint8Array } | undefined;
  if (!fs) throw new DescentError('load', 'optim-wasm: reading a file: URL needs Node 20.16+; pass `source` bytes instead');
  return fs;
}

function readFileNode(url: URL): BufferSource {
  try {
    return nodeFs().readFileSync(url) as unknown as BufferSource;
  } catch (e) {
    throw new DescentError(
      'load',
      `optim-wasm: cannot read ${url.pathname} (${(e as Error).message}); was the package built (npm run build)?`,
    );
  }
}

const WASM_MAGIC = [0, 97, 115, 109];

function isWasm(bytes: BufferSource): boolean {
  const view = ArrayBuffer.isView(bytes)
    ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    : new Uint8Array(bytes as ArrayBuffer);
  return WASM_MAGIC.every((b, i) => view[i] === b);
}

function fromBase64(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

/**
 * The shipped module: the `.wasm` beside this file (Vite and Node), else the same bytes inlined as
 * a lazily imported module, for bundlers that leave `new URL(…, import.meta.url)` pointing nowhere
 * (esbuild) or dev servers that answer a missing file with index.html.
 */
async function shippedBytes(variant: CoreVariant, shared: boolean): Promise<BufferSource> {
  const url = wasmUrl(variant, shared);
  let failure: unknown;
  try {
    const bytes = await fetchBytes(url);
    if (isWasm(bytes)) return bytes;
  } catch (e) {
    failure = e;
  }
  if (url.protocol === 'file:' && failure) throw failure;
  // Literal specifiers so bundlers include every build; each is imported only when needed.
  const inline = shared
    ? variant === 'relaxed'
      ? await import('../../wasm/descent-relaxed-shared.wasm.js')
      : await import('../../wasm/descent-simd-shared.wasm.js')
    : variant === 'relaxed'
      ? await import('../../wasm/descent-relaxed.wasm.js')
      : await import('../../wasm/descent-simd.wasm.js');
  return fromBase64(inline.base64);
}

/**
 * Load a core anywhere: Node, browsers, Web Workers. With `threads`, resolves once every worker serves.
 *
 * @example
 * const core = await loadCore();
 * const x = core.fromArray([1, 2, 3]);
 */
export async function loadCore(options: LoadOptions = {}): Promise<Core> {
  const variant = resolveChoice(options);
  const threads = resolveThreads(options.threads);
  const source = options.source;
  const compiled = source instanceof WebAssembly.Module ? source : null;
  const bytes = compiled ? null : source ? await fetchBytes(source as ModuleSource) : await shippedBytes(variant, threads > 1);
  const memory = threads > 1 ? sharedMemory(options.maxBytes) : undefined;
  let module: WebAssembly.Module;
  let instance: WebAssembly.Instance;
  try {
    module = compiled ?? (await WebAssembly.compile(bytes!));
    instance = await WebAssembly.instantiate(module, memory ? { env: { memory } } : {});
  } catch (e) {
    instantiateError(e, threads);
  }
  const core = assemble(module, instance, variant, threads, options.maxBytes, memory);
  await core.pool?.ready();
  return core;
}

/**
 * The shipped build of `variant` compiled, not instantiated: a page compiles it once and hands it
 * to its workers (`loadCore({ source: module })`), which then neither fetch nor compile it.
 * `shared`: the shared-memory build (for `threads` > 1).
 */
export async function compileCoreModule(variant: CoreVariant = 'simd', shared = false): Promise<WebAssembly.Module> {
  try {
    return await WebAssembly.compile(await shippedBytes(resolveVariant(variant), shared));
  } catch (e) {
    if (e instanceof DescentError) throw e;
    instantiateError(e, shared ? 2 : 1);
  }
}

/**
 * Synchronous load for Node (and workers): reads the shipped `.wasm` or the given bytes. With
 * `threads`, workers join as they start (until then the calling thread runs their parts).
 */
export function loadCoreSync(options: Omit<LoadOptions, 'source'> & { source?: BufferSource } = {}): Core {
  const variant = resolveChoice(options);
  const threads = resolveThreads(options.threads);
  const bytes = options.source ?? readFileNode(wasmUrl(variant, threads > 1));
  const memory = threads > 1 ? sharedMemory(options.maxBytes) : undefined;
  let module: WebAssembly.Module;
  let instance: WebAssembly.Instance;
  try {
    module = new WebAssembly.Module(bytes);
    instance = new WebAssembly.Instance(module, memory ? { env: { memory } } : {});
  } catch (e) {
    instantiateError(e, threads);
  }
  return assemble(module, instance, variant, threads, options.maxBytes, memory);
}

let defaultCore: Core | undefined;

/** Install the core that the higher layers use when none is passed. */
export function setDefaultCore(core: Core): Core {
  defaultCore = core;
  return core;
}

/** The default core; in Node it is loaded synchronously on first use. */
export function getCore(): Core {
  if (defaultCore) return defaultCore;
  const proc = (globalThis as { process?: { versions?: { node?: string } } }).process;
  if (proc?.versions?.node) return (defaultCore = loadCoreSync());
  throw new DescentError('load', 'optim-wasm: no core loaded yet; call `await init()` first (browsers load asynchronously)');
}

/** Load (once) and install the default core; a call asking for another build or thread count loads anew. */
export async function init(options: LoadOptions = {}): Promise<Core> {
  const sameBuild = options.variant === undefined || options.variant === defaultCore?.variant;
  const sameFast = options.fast === undefined || (options.fast ? 'relaxed' : 'simd') === defaultCore?.variant;
  const sameThreads = options.threads === undefined || options.threads === defaultCore?.threads;
  if (defaultCore && sameBuild && sameFast && sameThreads) return defaultCore;
  return setDefaultCore(await loadCore(options));
}
