import type { ThrottlerStorage } from '@nestjs/throttler';
import type { ThrottlerRecord } from './throttler-record.js';
import type { RedisStorage } from '../storage/storage.js';

// One round trip, atomic on the server, so two instances counting the same client at once never
// both see the last allowed hit. A fixed window of `ttl` ms per key (KEYS[1]: its hits); a key
// over `limit` is blocked for `blockDuration` ms (KEYS[2]) and counts nothing meanwhile.
// Returns { hits, ms left in the window, blocked (0|1), ms left blocked }.
const INCREMENT = `
local blockedFor = redis.call('PTTL', KEYS[2])
if blockedFor > 0 then
  return { tonumber(redis.call('GET', KEYS[1]) or '0'), math.max(redis.call('PTTL', KEYS[1]), 0), 1, blockedFor }
end
local hits = redis.call('INCR', KEYS[1])
local windowLeft = redis.call('PTTL', KEYS[1])
if windowLeft < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  windowLeft = tonumber(ARGV[1])
end
if hits > tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  return { hits, windowLeft, 1, tonumber(ARGV[3]) }
end
return { hits, windowLeft, 0, 0 }
`;

/**
 * @nestjs/throttler's counters on the shared Redis (`<prefix>rate-limit:<key>`), so that every
 * instance counts a client's requests together: N instances allow LOGIN_RATE_LIMIT, not N times it.
 * The maintained Redis storages for @nestjs/throttler declare NestJS 7-11 only and need ioredis
 * beside the app's node-redis client; this is the one script they run, on the client the app has.
 */
export class RedisRateLimitStorage implements ThrottlerStorage {
  constructor(private readonly storage: Pick<RedisStorage, 'client' | 'keyPrefix'>) {}

  async increment(key: string, ttl: number, limit: number, blockDuration: number): Promise<ThrottlerRecord> {
    const counter = `${this.storage.keyPrefix}rate-limit:${key}`;
    const reply = await this.storage.client.eval(INCREMENT, {
      keys: [counter, `${counter}:blocked`],
      arguments: [String(ttl), String(limit), String(Math.max(blockDuration, 1))],
    });
    const [hits, windowLeftMs, blocked, blockLeftMs] = numbersOf(reply);
    return {
      totalHits: hits,
      timeToExpire: Math.ceil(windowLeftMs / 1000),
      isBlocked: blocked === 1,
      timeToBlockExpire: Math.ceil(blockLeftMs / 1000),
    };
  }
}

function numbersOf(reply: unknown): [number, number, number, number] {
  if (!Array.isArray(reply) || reply.length !== 4 || !reply.every((value) => typeof value === 'number')) {
    throw new Error('the rate limit script answered something else than four numbers');
  }
  return reply as [number, number, number, number];
}
