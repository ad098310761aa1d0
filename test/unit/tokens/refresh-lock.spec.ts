import { describe, expect, it } from 'vitest';
import { createRedisLocks } from '../../../src/tokens/refresh-lock.js';
import { redisStorageOf, sharedRedisClient } from '../../support/redis.js';
import { sleep } from '../../support/wait.js';

const PREFIX = `test-locks-${process.pid}:`;

describe('createRedisLocks (shared Redis at 127.0.0.1:6379)', () => {
  const client = sharedRedisClient(PREFIX);

  it('one holder at a time; free again once released', async () => {
    const locks = createRedisLocks(redisStorageOf(client, PREFIX));
    const release = await locks.tryAcquire('one', 5000);
    expect(release).toBeDefined();
    expect(await locks.tryAcquire('one', 5000)).toBeUndefined();
    expect(await locks.tryAcquire('another', 5000)).toBeDefined();
    await release?.();
    expect(await locks.tryAcquire('one', 5000)).toBeDefined();
  });

  it('expires by itself, and a late first holder does not release the next holder’s lock', async () => {
    const locks = createRedisLocks(redisStorageOf(client, PREFIX));
    const late = await locks.tryAcquire('expiring', 50);
    await sleep(120);
    const next = await locks.tryAcquire('expiring', 5000);
    expect(next).toBeDefined();
    await late?.();
    expect(await locks.tryAcquire('expiring', 5000), 'still held by the next holder').toBeUndefined();
  });
});
