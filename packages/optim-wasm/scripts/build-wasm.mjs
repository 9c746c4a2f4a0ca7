// Compiles assembly/ twice: plain SIMD and relaxed SIMD. One process for both builds, since
// asc has a ~3 s start-up. Outputs are written to a temp name and renamed (atomic).
import asc from 'assemblyscript/asc';
import { mkdirSync, renameSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'wasm');
mkdirSync(outDir, { recursive: true });

const common = [
  join(root, 'assembly/index.ts'),
  '--runtime', 'stub',
  '--optimizeLevel', '3',
  '--shrinkLevel', '0',
  '--noAssert',
  '--initialMemory', '32',
  '--maximumMemory', '65536',
  '--enable', 'simd',
];
const builds = [
  { name: 'descent-simd', extra: [] },
  { name: 'descent-relaxed', extra: ['--enable', 'relaxed-simd'] },
];
for (const b of builds) {
  const tmp = join(outDir, `${b.name}.${process.pid}.tmp.wasm`);
  const { error, stderr } = await asc.main([...common, ...b.extra, '--outFile', tmp]);
  if (error) {
    console.error(stderr.toString());
    process.exit(1);
  }
  renameSync(tmp, join(outDir, `${b.name}.wasm`));
}
console.log(`optim-wasm: built ${builds.map((b) => b.name + '.wasm').join(', ')}`);
