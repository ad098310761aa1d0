import { randomBytes } from 'node:crypto';
import type { RedisStorage } from '../storage/storage.js';

/** A short mutual exclusion between the instances that share the storage (Redis). */
export interface RefreshLocks {
  /** Takes `name` for at most `ttlMs`; resolves to its release, or undefined while another holder has it. */
  tryAcquire(name: string, ttlMs: number): Promise<(() => Promise<void>) | undefined>;
}

// Deletes the key only if it still holds this holder's value: a lock that expired and was taken by
// another instance is not released by the late first holder (the Redis documentation's SET NX pattern).
const RELEASE_IF_HELD = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/** Locks as Redis keys `<prefix>lock:<name>`: `SET key value NX PX ttl`, released with a compare-and-delete. */
export function createRedisLocks({ client, keyPrefix }: RedisStorage): RefreshLocks {
  return {
    async tryAcquire(name, ttlMs) {
      const key = `${keyPrefix}lock:${name}`;
      const holder = randomBytes(16).toString('base64url');
      const taken = await client.set(key, holder, { condition: 'NX', expiration: { type: 'PX', value: ttlMs } });
      if (taken !== 'OK') return undefined;
      return async () => {
        await client.eval(RELEASE_IF_HELD, { keys: [key], arguments: [holder] });
      };
    },
  };
}
