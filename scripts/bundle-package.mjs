// Bundles a package's entry points (src/index.ts, and src/node.ts where a package has Node-only
// exports) into dist/esm/ (shared code in chunks, dependencies external).
// Importing ~70 small ES modules costs Node tens of milliseconds; one file costs a few.
// dist/esm/ sits at the same depth as dist/<area>/ and src/<area>/, so `new URL('../../wasm/…',
// import.meta.url)` style asset paths, and the inlined-wasm modules in ../../wasm/, resolve the same
// from sources, tsc output and the bundle.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';

const entryPoints = ['src/index.ts', 'src/node.ts'].filter((f) => existsSync(f));
await build({
  entryPoints,
  outdir: 'dist/esm',
  bundle: true,
  splitting: entryPoints.length > 1,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  packages: 'external',
  external: ['node:*', '../../wasm/*'],
  sourcemap: true,
  logLevel: 'warning',
});
