import { defaultClientConditions, defineConfig } from 'vite';

// The app is built from the @descent packages' TypeScript sources (the `source` export
// condition), so a build never depends on a stale dist; the .wasm comes in through
// optim-wasm's `new URL('../../wasm/descent-simd.wasm', import.meta.url)`, which Vite copies
// into dist/assets. `base: './'` lets the built app run from any folder or file server, offline.
/** Cross-origin isolation: SharedArrayBuffer, and so the kernel-thread setting, needs both headers. */
export const ISOLATION_HEADERS = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

export default defineConfig({
  base: './',
  server: { headers: ISOLATION_HEADERS },
  preview: { headers: ISOLATION_HEADERS },
  resolve: { conditions: ['source', ...defaultClientConditions] },
  worker: { format: 'es' },
  build: { target: 'es2022', assetsInlineLimit: 0, chunkSizeWarningLimit: 2000 },
});
