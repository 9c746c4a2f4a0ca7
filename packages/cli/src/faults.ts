import { writeFileSync } from 'node:fs';
import { setFsFaultHook, type FsStep } from '@descent/train';
import { usageError } from './errors.js';

const ERRNO: Record<string, [string, string]> = {
  enospc: ['ENOSPC', 'no space left on device'],
  eio: ['EIO', 'i/o error'],
};
const SIGNALS: Record<string, NodeJS.Signals> = { kill: 'SIGKILL', sigint: 'SIGINT', sigterm: 'SIGTERM', sighup: 'SIGHUP' };

/**
 * Fault injection for the chaos suite, from DESCENT_FAULT (unset in normal use):
 * `kill@N`, `sigint@N`, `sigterm@N`, `sighup@N` send that signal to this process just before its
 * N-th file-system step of a save (write, fsync, rename or unlink; counted from 1);
 * `enospc@N` / `eio@N` make that step fail with the error; `count:FILE` writes the number of
 * steps to FILE at exit. Anything else is a usage error, so a typo cannot pass silently.
 */
export function installFaultsFromEnv(spec: string | undefined): void {
  if (!spec) return;
  let steps = 0;
  const count = /^count:(.+)$/.exec(spec);
  if (count) {
    setFsFaultHook(() => void steps++);
    process.once('exit', () => writeFileSync(count[1]!, `${steps}\n`));
    return;
  }
  const m = /^(kill|sigint|sigterm|sighup|enospc|eio)@(\d+)$/.exec(spec);
  if (!m) throw usageError(`DESCENT_FAULT: expected kill|sigint|sigterm|sighup|enospc|eio@N or count:FILE, got '${spec}'`);
  const [, action, at] = m as unknown as [string, string, string];
  setFsFaultHook((step: FsStep, path: string) => {
    if (++steps !== Number(at)) return;
    const errno = ERRNO[action];
    if (errno) throw Object.assign(new Error(`${errno[0]}: ${errno[1]}, ${step} '${path}'`), { code: errno[0] });
    process.kill(process.pid, SIGNALS[action]!);
  });
}
