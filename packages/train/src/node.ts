// The Node entry of @descent/train (the `node` export condition): the browser entry plus what
// reads and writes files. Browser bundles resolve to index.ts and never see node: modules.
export * from './index.js';
export { loadDigits, loadBreastCancer, loadWine, loadIris } from './data/bundled-node.js';
export { saveCheckpoint, loadCheckpoint, restoreRng, moduleRngs, CHECKPOINT_FORMAT, type CheckpointInput, type LoadedCheckpoint, type RngSet } from './checkpoint/checkpoint.js';
