// Queue worker processes for the tests (test/fixtures/worker.mjs), with their output lines.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('./fixtures/worker.mjs', import.meta.url));

export interface WorkerProcess {
  child: ChildProcess;
  lines: string[];
  /** Resolves with the first line matching `re` (already printed or still to come). */
  waitFor(re: RegExp): Promise<string>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export async function startWorker(url: string, o: { concurrency?: number; lockMs?: number } = {}): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [script, url, String(o.concurrency ?? 1), String(o.lockMs ?? 30_000)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const waiters: { re: RegExp; resolve(l: string): void }[] = [];
  let buf = '';
  const onData = (d: Buffer) => {
    buf += d.toString();
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      lines.push(line);
      for (const w of [...waiters]) if (w.re.test(line)) (waiters.splice(waiters.indexOf(w), 1), w.resolve(line));
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const w: WorkerProcess = {
    child,
    lines,
    waitFor: (re) => {
      const seen = lines.find((l) => re.test(l));
      return seen !== undefined ? Promise.resolve(seen) : new Promise((resolve) => waiters.push({ re, resolve }));
    },
    async kill(signal = 'SIGKILL') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill(signal);
      await exited;
    },
  };
  await Promise.race([
    w.waitFor(/^ready$/),
    new Promise((_, reject) => child.once('exit', (code) => reject(new Error(`worker exited with ${code}: ${lines.join(' | ')}`)))),
  ]);
  return w;
}
