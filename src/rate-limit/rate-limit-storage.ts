import type { ThrottlerStorage } from '@nestjs/throttler';
import type { Storage } from '../storage/storage.js';
import { FailOpenRateLimitStorage } from './fail-open-rate-limit.storage.js';
import { RedisRateLimitStorage } from './redis-rate-limit.storage.js';

/**
 * Where @nestjs/throttler counts: with several instances on one Redis, there, for all of them
 * (failing open while Redis is away); SQLite and memory are one process, so in its own memory
 * (undefined: the throttler's default storage).
 */
export function rateLimitStorageFor(storage: Storage): ThrottlerStorage | undefined {
  return storage.kind === 'redis' ? new FailOpenRateLimitStorage(new RedisRateLimitStorage(storage)) : undefined;
}
