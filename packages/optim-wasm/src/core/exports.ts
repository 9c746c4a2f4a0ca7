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
}
