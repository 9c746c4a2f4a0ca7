// The suite registry: `npm run bench` runs these in order (`--suite NAME` picks some).
// To add a suite, export a `Suite` from its own file in this folder and list it here.
import type { Suite } from '../harness.js';
import { matmulSuite } from './matmul.js';
import { kernelsSuite } from './kernels.js';
import { startupSuite } from './startup.js';
import { optimSuite } from './optim.js';
import { threadsSuite } from './threads.js';

export const suites: Suite[] = [matmulSuite, kernelsSuite, startupSuite, optimSuite, threadsSuite];
