// The login rate limit's counters on Redis: shared by every instance (two storages on one Redis
// stand for two processes), and failing open, logged once per outage, while Redis is away.
import { randomUUID } from 'node:crypto';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FailOpenRateLimitStorage } from '../../../src/rate-limit/fail-open-rate-limit.storage.js';
import { RedisRateLimitStorage } from '../../../src/rate-limit/redis-rate-limit.storage.js';
import { createRedisStorage } from '../../../src/storage/redis-storage.js';
import type { RedisStorage } from '../../../src/storage/storage.js';
import { redisStorageOf, sharedRedisClient, startThrowawayRedis, type ThrowawayRedis } from '../../support/redis.js';
import { waitFor } from '../../support/wait.js';

const PREFIX = `test-rate-limit-${process.pid}:`;
const MINUTE_MS = 60_000;

describe('RedisRateLimitStorage (shared Redis at 127.0.0.1:6379)', () => {
  const client = sharedRedisClient(PREFIX);

  it('counts one client across instances: the limit holds for all of them together, then blocks for the block duration', async () => {
    const [instanceA, instanceB]: ThrottlerStorage[] = [
      new RedisRateLimitStorage(redisStorageOf(client, PREFIX)),
      new RedisRateLimitStorage(redisStorageOf(client, PREFIX)),
    ];
    const key = randomUUID();
    const records = [];
    for (let hit = 0; hit < 5; hit += 1)
      records.push(await (hit % 2 === 0 ? instanceA : instanceB).increment(key, MINUTE_MS, 3, MINUTE_MS, 'default'));
    expect(records.map((record) => [record.totalHits, record.isBlocked])).toEqual([
      [1, false],
      [2, false],
      [3, false],
      [4, true],
      [4, true],
    ]);
    expect(records[3]?.timeToBlockExpire).toBe(60);
    expect(records[0]?.timeToExpire).toBeGreaterThan(58);
    expect((await instanceA.increment(randomUUID(), MINUTE_MS, 3, MINUTE_MS, 'default')).totalHits, 'another client counts on its own').toBe(1);
  });

  it('starts a new window once the last one expired', async () => {
    const storage: ThrottlerStorage = new RedisRateLimitStorage(redisStorageOf(client, PREFIX));
    const key = randomUUID();
    await storage.increment(key, 300, 1, 300, 'default');
    expect((await storage.increment(key, 300, 1, 300, 'default')).isBlocked).toBe(true);
    await waitFor(async () => !(await storage.increment(key, 300, 1, 300, 'default')).isBlocked, 5000, { intervalMs: 100 });
  });
});

describe('FailOpenRateLimitStorage on a Redis that stops (a throwaway redis-server)', () => {
  let redis: ThrowawayRedis;
  let storage: RedisStorage;
  const lines: Array<{ level: 'log' | 'error'; message: unknown }> = [];
  const logger = {
    log: (message: unknown) => lines.push({ level: 'log', message }),
    error: (message: unknown) => lines.push({ level: 'error', message }),
  };

  beforeAll(async () => {
    redis = await startThrowawayRedis();
    storage = await createRedisStorage(redis.url, { down: () => undefined, up: () => undefined });
  });
  afterAll(async () => {
    await storage?.close();
    await redis?.stop();
  });

  it('lets every request through while Redis is down, logs that once, and counts (and says so) again once it is back', async () => {
    const limited = new FailOpenRateLimitStorage(new RedisRateLimitStorage(storage), logger);
    const key = randomUUID();
    expect((await limited.increment(key, MINUTE_MS, 1, MINUTE_MS, 'default')).isBlocked).toBe(false);
    expect((await limited.increment(key, MINUTE_MS, 1, MINUTE_MS, 'default')).isBlocked).toBe(true);

    await redis.stop();
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect(await limited.increment(key, MINUTE_MS, 1, MINUTE_MS, 'default')).toEqual({
        totalHits: 0,
        timeToExpire: 60,
        isBlocked: false,
        timeToBlockExpire: 0,
      });
    }
    expect(lines).toEqual([{ level: 'error', message: expect.objectContaining({ event: 'rate_limit_unavailable' }) as unknown }]);

    await redis.restart();
    await waitFor(
      () =>
        storage.ping().then(
          () => true,
          () => false,
        ),
      10_000,
      { intervalMs: 100 },
    );
    expect((await limited.increment(key, MINUTE_MS, 1, MINUTE_MS, 'default')).isBlocked).toBe(false);
    expect((await limited.increment(key, MINUTE_MS, 1, MINUTE_MS, 'default')).isBlocked).toBe(true);
    expect(lines.map((line) => line.level)).toEqual(['error', 'log']);
    expect(lines[1]?.message).toMatchObject({ event: 'rate_limit_available' });
  });
});
