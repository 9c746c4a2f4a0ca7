import { describe, expect, it } from 'vitest';
import { parseQueueUrl } from './redis-url.js';

describe('queue URLs', () => {
  it('reads host, port, db, credentials, TLS and the queue name; masks the password', () => {
    expect(parseQueueUrl('redis://127.0.0.1:6380/2')).toEqual({ shown: 'redis://127.0.0.1:6380/2', redis: { host: '127.0.0.1', port: 6380, db: 2 }, queue: 'descent' });
    const t = parseQueueUrl('rediss://ml:p%40ss@redis.lab:6390/0?queue=night');
    expect(t.redis).toEqual({ host: 'redis.lab', port: 6390, db: 0, username: 'ml', password: 'p@ss', tls: { servername: 'redis.lab' } });
    expect(t.queue).toBe('night');
    expect(t.shown).toBe('rediss://ml:***@redis.lab:6390/0?queue=night');
    expect(parseQueueUrl('redis://h').redis).toEqual({ host: 'h', port: 6379, db: 0 });
  });

  it('rejects what is not a Redis URL, naming it', () => {
    expect(() => parseQueueUrl('localhost:6379')).toThrow(/queue URL localhost:6379: the scheme must be redis:\/\/ or rediss:\/\//);
    expect(() => parseQueueUrl('nope')).toThrow(/queue URL 'nope' is not a URL/);
    expect(() => parseQueueUrl('redis://h:1/x')).toThrow(/the database must be a number/);
    expect(() => parseQueueUrl('redis://h/0?queue=a:b')).toThrow(/queue name 'a:b'/);
    expect(() => parseQueueUrl('redis://:pw@h/x')).toThrow(/^queue URL redis:\/\/:\*\*\*@h\/x:/);
  });
});
