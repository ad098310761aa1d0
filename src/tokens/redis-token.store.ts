import type { RedisStorage } from '../storage/storage.js';
import type { ApiTokens } from './api-tokens.js';
import type { TokenStore } from './token-store.js';

/** A key per session, `<prefix>tokens:<session id>`, that Redis expires with the session's longest life. */
export function createRedisTokenStore({ client, keyPrefix }: RedisStorage, ttlSeconds: number): TokenStore {
  const key = (sessionId: string): string => `${keyPrefix}tokens:${sessionId}`;
  return {
    async get(sessionId) {
      const stored = await client.get(key(sessionId));
      return stored === null ? undefined : (JSON.parse(stored) as ApiTokens);
    },
    async put(sessionId, tokens) {
      await client.set(key(sessionId), JSON.stringify(tokens), { expiration: { type: 'EX', value: ttlSeconds } });
    },
    async replace(sessionId, tokens) {
      // XX: only an existing key, so a logout on another instance meanwhile is not undone; KEEPTTL: its life stays the login's.
      const reply = await client.set(key(sessionId), JSON.stringify(tokens), { condition: 'XX', expiration: 'KEEPTTL' });
      return reply === 'OK';
    },
    // GETDEL (Redis 6.2): read and delete in one command.
    async take(sessionId) {
      const stored = await client.getDel(key(sessionId));
      return stored === null ? undefined : (JSON.parse(stored) as ApiTokens);
    },
  };
}
