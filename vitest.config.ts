import { defineConfig } from 'vitest/config';

// One vitest run over every workspace: one process tree, one JSON report for .ci/run to count.
// Projects do not inherit the limits below; each sets its own (hang guards, never timing checks).
export default defineConfig({
  test: {
    projects: [
      'packages/*',
      'tools/*',
      'apps/*',
      { test: { name: 'repo', include: ['scripts/test/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 120_000 } },
    ],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
