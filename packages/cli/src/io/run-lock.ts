import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { usageError } from '../errors.js';

/** The lock file of a run directory: JSON {pid, host, started, command} of the process writing it. */
export const LOCK_FILE = '.descent-lock';

interface Holder {
  pid: number;
  host: string;
  started: string;
  command: string;
}

const errCode = (e: unknown) => (e as NodeJS.ErrnoException).code ?? String(e);

function readHolder(path: string): Holder | null {
  try {
    const h = JSON.parse(readFileSync(path, 'utf8')) as Holder;
    return Number.isInteger(h?.pid) && typeof h.host === 'string' ? h : null;
  } catch {
    return null;
  }
}

/** Whether `pid` runs on this host (EPERM: it exists, owned by someone else). */
function running(pid: number): boolean {
  if (pid === process.pid) return false; // a lock of an earlier process that had our pid
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errCode(e) === 'EPERM';
  }
}

const describe = (h: Holder) => `pid ${h.pid} on ${h.host} (${h.command}, started ${h.started})`;

/**
 * Take the exclusive lock of run directory `dir` for this process, or exit 2 naming the holder.
 * The lock file appears complete in one step (written under a private name, then hard-linked:
 * link fails if the lock exists). A lock whose process no longer runs on this host is stale: it
 * is removed, saying so on stderr. The lock is released when the process exits.
 */
export function lockRunDir(dir: string, command: string): void {
  const path = join(dir, LOCK_FILE);
  const me: Holder = { pid: process.pid, host: hostname(), started: new Date().toISOString(), command };
  const mine = `${JSON.stringify(me)}\n`;
  const tmp = `${path}.${process.pid}`;
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      writeFileSync(tmp, mine, { flag: 'w' });
    } catch (e) {
      throw usageError(`${dir}: cannot write in this directory (${errCode(e)})`);
    }
    try {
      linkSync(tmp, path);
      unlinkSync(tmp);
      process.once('exit', () => release(path, mine));
      return;
    } catch (e) {
      unlinkSync(tmp);
      if (errCode(e) !== 'EEXIST') throw usageError(`${dir}: cannot create the lock file (${errCode(e)})`);
    }
    const text = safeRead(path);
    const holder = readHolder(path);
    if (holder && holder.host !== me.host) throw usageError(`${dir} is locked by ${describe(holder)}; if that run has ended, delete ${path}`);
    if (holder && running(holder.pid)) throw usageError(`${dir} is in use by ${describe(holder)}; wait for it to end or choose another directory`);
    if (text === null) continue; // released meanwhile: try again
    removeStale(path, text);
    process.stderr.write(`descent: ${dir}: removed a stale lock (${holder ? `${describe(holder)}, no longer running` : 'unreadable lock file'})\n`);
  }
  throw usageError(`${dir}: could not take the lock (other processes keep taking it)`);
}

function safeRead(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** Remove the stale lock whose content is `text` — but not a live lock another process just took. */
function removeStale(path: string, text: string): void {
  const aside = `${path}.stale-${process.pid}`;
  try {
    renameSync(path, aside);
  } catch {
    return; // someone else removed it
  }
  if (safeRead(aside) !== text) {
    // another process replaced the stale lock with its own between our read and rename: put it back
    try {
      linkSync(aside, path);
    } catch {
      // a third process holds the lock now; ours is lost either way, the next attempt sees the holder
    }
  }
  unlinkSync(aside);
}

function release(path: string, mine: string): void {
  if (safeRead(path) === mine) {
    try {
      unlinkSync(path);
    } catch {
      // already gone
    }
  }
}
