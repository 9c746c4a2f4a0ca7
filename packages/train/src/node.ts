// The Node entry of @descent/train (the `node` export condition): the browser entry plus what
// reads and writes files. Browser bundles resolve to index.ts and never see node: modules.
export * from './index.js';
export { loadDigits, loadBreastCancer, loadWine, loadIris, penguinsCsv } from './data/bundled-node.js';
export { saveCheckpoint, loadCheckpoint, restoreRng, moduleRngs, type CheckpointInput, type LoadedCheckpoint, type RngSet } from './checkpoint/checkpoint.js';
export { writeCheckpoint, readCheckpoint, CHECKPOINT_FORMAT, CHECKPOINT_JSON } from './checkpoint/files.js';
export { writeFileAtomic, removeFile, syncDir, setFsFaultHook, type FsStep } from './checkpoint/atomic.js';
