import { writeFileSync, mkdirSync, existsSync } from 'node:fs';
const pkgs = [
  ['packages/optim-wasm', '@descent/optim-wasm', [], 'The WebAssembly core of descent: memory, SIMD f32 kernels, seeded RNG, fused optimizer updates, LR schedules.'],
  ['packages/autodiff', '@descent/autodiff', ['@descent/optim-wasm'], 'Reverse-mode automatic differentiation over the descent WASM core: tensors, ops, layers, losses, initializers, gradcheck.'],
  ['packages/regularize', '@descent/regularize', ['@descent/optim-wasm', '@descent/autodiff'], 'Regularizers for descent: early stopping, norm penalties, augmentation, noise, label smoothing, Mixup, CutMix, dropout and normalisation layers.'],
  ['packages/train', '@descent/train', ['@descent/optim-wasm', '@descent/autodiff', '@descent/regularize'], 'The generalization toolkit of descent: fit loop, datasets, splits, cross-validation, bootstrap, bagging, boosting, bias-variance, sharpness.'],
  ['packages/cli', '@descent/cli', ['@descent/optim-wasm', '@descent/autodiff', '@descent/regularize', '@descent/train'], 'The descent command line: training runs, cross-validation, ensembles, experiments, benchmarks and reports.'],
];
for (const [dir, name, deps, desc] of pkgs) {
  mkdirSync(`${dir}/src`, { recursive: true });
  const pj = {
    name, version: '0.0.0', description: desc, license: 'MIT', type: 'module', sideEffects: false,
    exports: { '.': { types: './dist/index.d.ts', source: './src/index.ts', import: './dist/index.js', default: './dist/index.js' }, './package.json': './package.json' },
    main: './dist/index.js', types: './dist/index.d.ts',
    files: ['dist', 'src', 'README.md'],
    scripts: { build: 'tsc -b', typecheck: 'tsc -b', test: 'vitest run' },
    dependencies: Object.fromEntries(deps.map((d) => [d, '0.0.0'])),
  };
  if (!existsSync(`${dir}/package.json`)) writeFileSync(`${dir}/package.json`, JSON.stringify(pj, null, 2) + '\n');
  const refs = deps.map((d) => ({ path: `../${d.split('/')[1]}` }));
  writeFileSync(`${dir}/tsconfig.json`, JSON.stringify({ extends: '../../tsconfig.base.json', compilerOptions: { rootDir: 'src', outDir: 'dist', tsBuildInfoFile: 'dist/.tsbuildinfo' }, include: ['src'], exclude: ['src/**/*.test.ts', 'src/**/*.bench.ts'], references: refs }, null, 2) + '\n');
  writeFileSync(`${dir}/vitest.config.ts`, `import { defineProject } from 'vitest/config';\n\nexport default defineProject({\n  resolve: { conditions: ['source'] },\n  ssr: { resolve: { conditions: ['source'] } },\n  test: { name: '${name.split('/')[1]}', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },\n});\n`);
}
