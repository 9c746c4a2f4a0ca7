// Bundles a package's src/index.ts into dist/esm/index.js (one file, dependencies external).
// Importing ~70 small ES modules costs Node tens of milliseconds; one file costs a few.
// dist/esm/ sits at the same depth as dist/<area>/, so `new URL('../../wasm/…', import.meta.url)`
// style asset paths resolve the same from sources, tsc output and the bundle.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/index.ts'],
  outfile: 'dist/esm/index.js',
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  packages: 'external',
  external: ['node:*'],
  sourcemap: true,
  logLevel: 'warning',
});
