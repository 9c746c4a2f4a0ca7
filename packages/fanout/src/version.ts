import { createRequire } from 'node:module';

/**
 * The @descent/train version this process runs. Jobs carry the submitter's; a worker with
 * another version refuses them, since the same spec could give other bits.
 */
export const TRAIN_VERSION: string = (createRequire(import.meta.url)('@descent/train/package.json') as { version: string }).version;
