import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';

/** The file-system steps of a save, in the order they happen (a fault hook sees each one first). */
export type FsStep = 'write' | 'fsync' | 'rename' | 'unlink';

let faultHook: ((step: FsStep, path: string) => void) | null = null;
let counter = 0;

/**
 * Install a function called before every write, fsync, rename and unlink done by this module
 * (null removes it). Fault-injection tests use it to crash or fail a save at a chosen step.
 */
export function setFsFaultHook(hook: ((step: FsStep, path: string) => void) | null): void {
  faultHook = hook;
}

function before(step: FsStep, path: string): void {
  if (faultHook) faultHook(step, path);
}

/**
 * Write `data` to `path` atomically: into a temporary file in the same directory (its name unique
 * to this process and call, so concurrent writers never share one), fsync, then rename over
 * `path` (atomic on POSIX file systems): a crash leaves the old file or the new one, never a
 * half-written one.
 */
export function writeFileAtomic(path: string, data: Uint8Array | string): void {
  const tmp = `${path}.tmp-${process.pid}-${counter++}`;
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  before('write', tmp);
  const fd = openSync(tmp, 'wx');
  try {
    let at = 0;
    while (at < bytes.length) at += writeSync(fd, bytes, at, bytes.length - at);
    before('fsync', tmp);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      // the original error is the one to report; the temp file is unique and harmless
    }
    throw e;
  }
  closeSync(fd);
  try {
    before('rename', path);
    renameSync(tmp, path);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // as above
    }
    throw e;
  }
}

/** Delete a file if it exists (a missing file is not an error). */
export function removeFile(path: string): void {
  before('unlink', path);
  try {
    unlinkSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}

/** fsync a directory so renames inside it are durable (best effort: not every platform allows it). */
export function syncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Directories cannot be opened for fsync on some platforms (Windows): the rename still happened.
  }
}
