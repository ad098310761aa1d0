import type { ApiTokens } from './api-tokens.js';
import type { TokenStore } from './token-store.js';

/** For the memory storage (tests, experiments): a map in this process, each entry until its session's longest life. */
export function createMemoryTokenStore(ttlSeconds: number): TokenStore {
  const kept = new Map<string, { tokens: ApiTokens; expiresAt: number }>();
  const live = (sessionId: string): ApiTokens | undefined => {
    const entry = kept.get(sessionId);
    if (entry !== undefined && entry.expiresAt <= Date.now()) kept.delete(sessionId);
    return entry !== undefined && entry.expiresAt > Date.now() ? entry.tokens : undefined;
  };
  return {
    get: (sessionId) => Promise.resolve(live(sessionId)),
    put(sessionId, tokens) {
      kept.set(sessionId, { tokens, expiresAt: Date.now() + ttlSeconds * 1000 });
      return Promise.resolve();
    },
    replace(sessionId, tokens) {
      const entry = kept.get(sessionId);
      if (live(sessionId) === undefined || entry === undefined) return Promise.resolve(false);
      kept.set(sessionId, { tokens, expiresAt: entry.expiresAt });
      return Promise.resolve(true);
    },
    take(sessionId) {
      const tokens = live(sessionId);
      kept.delete(sessionId);
      return Promise.resolve(tokens);
    },
  };
}
