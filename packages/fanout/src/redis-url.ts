import { DescentError } from '@descent/optim-wasm';
import type { RedisOptions } from 'ioredis';

/** A queue on a Redis server, from `redis://[user:password@]host[:port][/db][?queue=name]`. */
export interface QueueTarget {
  /** The URL with its password masked: what messages show. */
  shown: string;
  /** ioredis options: host, port, db, credentials, TLS for rediss://. */
  redis: RedisOptions;
  /** BullMQ queue name (default 'descent'). */
  queue: string;
}

/** Parse a queue URL; `rediss://` connects over TLS. Bad URLs throw a DescentError naming the URL. */
export function parseQueueUrl(url: string): QueueTarget {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new DescentError('bad-queue-url', `queue URL '${url}' is not a URL (expected redis://HOST:PORT/DB)`);
  }
  const masked = new URL(u.href);
  if (masked.password) masked.password = '***';
  const shown = masked.href;
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw new DescentError('bad-queue-url', `queue URL ${shown}: the scheme must be redis:// or rediss:// (TLS)`);
  if (!u.hostname) throw new DescentError('bad-queue-url', `queue URL ${shown}: no host`);
  const dbText = u.pathname.replace(/^\//, '');
  const db = dbText === '' ? 0 : Number(dbText);
  if (!Number.isInteger(db) || db < 0) throw new DescentError('bad-queue-url', `queue URL ${shown}: the database must be a number (/0, /1, …), got '/${dbText}'`);
  const port = u.port === '' ? 6379 : Number(u.port);
  const queue = u.searchParams.get('queue') ?? 'descent';
  if (!/^[A-Za-z0-9._-]+$/.test(queue)) throw new DescentError('bad-queue-url', `queue URL ${shown}: queue name '${queue}' may hold letters, digits, '.', '_' and '-' only`);
  const redis: RedisOptions = { host: u.hostname.replace(/^\[|\]$/g, ''), port, db };
  if (u.username) redis.username = decodeURIComponent(u.username);
  if (u.password) redis.password = decodeURIComponent(u.password);
  if (u.protocol === 'rediss:') redis.tls = { servername: u.hostname };
  return { shown, redis, queue };
}
