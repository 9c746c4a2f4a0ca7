import { spawn } from 'node:child_process';
import { afterAll, beforeAll } from 'vitest';
import { startRedis, type RedisServer } from '../../fanout/test/redis-server.js';
import { MAIN } from './helpers.js';

/** A `descent worker --queue url` process in `cwd`; `ready` resolves once it serves. */
export function startWorker(url: string, cwd: string) {
  const child = spawn(process.execPath, [MAIN, 'worker', '--queue', url], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      if (out.includes('descent worker: serving')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`worker exited ${code}: ${out}`)));
  });
  return { child, ready, output: () => out };
}

/**
 * A Redis server for the enclosing describe block (started before its tests, stopped after) and
 * the worker processes its tests start on it (killed after).
 */
export function redisSuite(): { url(): string; workers: ReturnType<typeof startWorker>[] } {
  let redis: RedisServer | undefined;
  const workers: ReturnType<typeof startWorker>[] = [];
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    for (const w of workers) w.child.kill('SIGKILL');
    await redis?.stop();
  });
  return { url: () => redis!.url, workers };
}
