import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { usageError } from '../errors.js';

/**
 * The text of a regular file, or exit 2: a device (/dev/zero), a FIFO or a directory is refused
 * before any byte is read (opened non-blocking, so a FIFO without a writer cannot hang us), and
 * so is a file larger than `maxBytes`. A UTF-8 byte-order mark is dropped.
 */
export function readRegularFile(path: string, maxBytes = 2 ** 30): string {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw usageError(code === 'ENOENT' ? `${path}: no such file` : `${path}: cannot read (${code ?? String(e)})`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw usageError(`${path}: not a regular file`);
    if (st.size > maxBytes) throw usageError(`${path}: ${(st.size / 2 ** 20).toFixed(0)} MiB, more than the ${(maxBytes / 2 ** 20).toFixed(0)} MiB limit`);
    const text = readFileSync(fd, 'utf8');
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch (e) {
    if (e instanceof Error && e.name === 'CliError') throw e;
    throw usageError(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  } finally {
    closeSync(fd);
  }
}
