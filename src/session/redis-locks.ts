import { randomBytes } from 'node:crypto';
import type { createClient } from 'redis';
import type { SessionLocks } from './session-store.js';

type RedisClient = ReturnType<typeof createClient>;

// Deletes the key only if it still holds this holder's value: a lock that expired and was taken by
// another instance is not released by the late first holder (the Redis documentation's SET NX pattern).
const RELEASE_IF_HELD = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/** Locks as Redis keys under `prefix`: `SET key value NX PX ttl`, released with a compare-and-delete. */
export function createRedisLocks(client: RedisClient, prefix: string): SessionLocks {
  return {
    async tryAcquire(name, ttlMs) {
      const key = `${prefix}${name}`;
      const holder = randomBytes(16).toString('base64url');
      const taken = await client.set(key, holder, { condition: 'NX', expiration: { type: 'PX', value: ttlMs } });
      if (taken !== 'OK') return undefined;
      return async () => {
        await client.eval(RELEASE_IF_HELD, { keys: [key], arguments: [holder] });
      };
    },
  };
}
