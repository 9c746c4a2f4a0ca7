import { DescentError } from '../errors.js';
import { Core, type CoreVariant } from './core.js';

/**
 * Which build to run. `simd` is the default because it gives the same bits in every engine
 * (relaxed multiply-add may or may not fuse). `relaxed` forces the relaxed-SIMD build;
 * `auto` picks relaxed when `WebAssembly.validate` accepts it, else plain SIMD.
 */
export type VariantChoice = CoreVariant | 'auto';

export interface LoadOptions {
  variant?: VariantChoice;
  /** The module bytes, a URL or a Response; by default the `.wasm` shipped beside this file. */
  source?: BufferSource | URL | string | Response | Promise<Response>;
  /** Cap on linear memory in bytes (default: 4 GiB, the wasm32 limit). */
  maxBytes?: number;
}

/** The smallest module using v128: validates only where WASM SIMD exists. */
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11,
]);
/** As above plus f32x4.relaxed_madd (0xfd 0x105). */
const RELAXED_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 19, 1, 17, 0, 65, 0, 253, 15, 65, 0, 253,
  15, 65, 0, 253, 15, 253, 133, 2, 11,
]);

export function simdSupported(): boolean {
  return typeof WebAssembly === 'object' && WebAssembly.validate(SIMD_PROBE);
}

export function relaxedSimdSupported(): boolean {
  return typeof WebAssembly === 'object' && WebAssembly.validate(RELAXED_PROBE);
}

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

export function wasmUrl(variant: CoreVariant): URL {
  // Literal paths so bundlers (Vite, esbuild) see and copy both assets.
  return variant === 'relaxed'
    ? new URL('../../wasm/descent-relaxed.wasm', import.meta.url)
    : new URL('../../wasm/descent-simd.wasm', import.meta.url);
}

async function fetchBytes(source: NonNullable<LoadOptions['source']>): Promise<BufferSource> {
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
async function shippedBytes(variant: CoreVariant): Promise<BufferSource> {
  const url = wasmUrl(variant);
  let failure: unknown;
  try {
    const bytes = await fetchBytes(url);
    if (isWasm(bytes)) return bytes;
  } catch (e) {
    failure = e;
  }
  if (url.protocol === 'file:' && failure) throw failure;
  // Literal specifiers so bundlers include both; each is imported only when needed.
  const inline = variant === 'relaxed' ? await import('../../wasm/descent-relaxed.wasm.js') : await import('../../wasm/descent-simd.wasm.js');
  return fromBase64(inline.base64);
}

/**
 * Load a core anywhere: Node, browsers, Web Workers.
 *
 * @example
 * const core = await loadCore();
 * const x = core.fromArray([1, 2, 3]);
 */
export async function loadCore(options: LoadOptions = {}): Promise<Core> {
  const variant = resolveVariant(options.variant);
  const bytes = options.source ? await fetchBytes(options.source) : await shippedBytes(variant);
  const { instance } = await WebAssembly.instantiate(bytes, {});
  return new Core(instance, variant, options.maxBytes);
}

/** Synchronous load for Node (and workers): reads the shipped `.wasm` or the given bytes. */
export function loadCoreSync(options: Omit<LoadOptions, 'source'> & { source?: BufferSource } = {}): Core {
  const variant = resolveVariant(options.variant);
  const bytes = options.source ?? readFileNode(wasmUrl(variant));
  const module = new WebAssembly.Module(bytes);
  return new Core(new WebAssembly.Instance(module, {}), variant, options.maxBytes);
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

/** Load (once) and install the default core. */
export async function init(options: LoadOptions = {}): Promise<Core> {
  if (defaultCore && (options.variant === undefined || options.variant === defaultCore.variant)) return defaultCore;
  return setDefaultCore(await loadCore(options));
}
