import { DescentError } from '@descent/optim-wasm';
import type { Redis } from 'ioredis';
import type { QueueTarget } from './redis-url.js';
import { withDeadline } from './deadline.js';

const MIN_REDIS = [6, 2];

/**
 * Connect once, fail fast: a DescentError 'queue-unreachable' naming the URL when the server
 * cannot be reached, refuses the credentials or is older than Redis 6.2. Resolves to a client
 * connected with bounded timeouts (the caller closes it).
 */
export async function connectRedis(target: QueueTarget, timeoutMs = 5000): Promise<Redis> {
  const { Redis } = await import('ioredis');
  const client = new Redis({
    ...target.redis,
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  let cause = '';
  client.on('error', (e: Error) => (cause ||= e.message)); // the first cause (ECONNREFUSED…), reported below
  try {
    await client.connect();
    const info = await withDeadline(client.info('server'), timeoutMs, `no answer within ${timeoutMs} ms`);
    const version = /redis_version:([\d.]+)/.exec(info)?.[1] ?? '0';
    const [major = 0, minor = 0] = version.split('.').map(Number);
    if (major < MIN_REDIS[0]! || (major === MIN_REDIS[0] && minor < MIN_REDIS[1]!)) {
      throw new DescentError('queue-unreachable', `Redis at ${target.shown} is version ${version}; descent needs Redis >= ${MIN_REDIS.join('.')}`);
    }
    return client;
  } catch (e) {
    client.disconnect();
    if (e instanceof DescentError) throw e;
    const why = (cause || (e as Error).message).replace(/\s+/g, ' ');
    throw new DescentError('queue-unreachable', `cannot reach Redis at ${target.shown}: ${why}`);
  }
}
