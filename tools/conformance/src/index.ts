export { runConformance, runCase, formatReport, type ConformanceReport, type CaseResult } from './run.js';
export { Unsupported, type Adapter } from './adapter.js';
export { compare, type Check } from './compare.js';
export { loadFixtureDir, loadFixtureFile, data, type FixtureCase, type FixtureTensor } from './fixtures.js';
