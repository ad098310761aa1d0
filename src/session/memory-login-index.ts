import type { MemoryStore, SessionData } from 'express-session';
import { endsLogin, indexedLoginOf } from './login-session-index.js';
import type { SessionStoreHandle } from './session-store.js';

type LoginIndex = Pick<SessionStoreHandle, 'endLoginSessions' | 'rememberOnce'>;

/** For the memory store (tests, experiments): a scan of every session instead of an index, and a map of seen keys. */
export function memoryLoginIndex(store: MemoryStore): LoginIndex {
  const seenUntil = new Map<string, number>();
  return {
    async endLoginSessions(match) {
      const sessions = await new Promise<Record<string, SessionData>>((resolve, reject) =>
        store.all((error, all) => (error ? reject(error as Error) : resolve(all ?? {}))),
      );
      const ending = Object.entries(sessions)
        .filter(([, session]) => endsLogin(match, indexedLoginOf(session)))
        .map(([id]) => id);
      for (const id of ending) store.destroy(id);
      return ending.length;
    },
    rememberOnce(key, ttlSeconds) {
      const now = Date.now();
      for (const [seen, until] of seenUntil) if (until <= now) seenUntil.delete(seen);
      if (seenUntil.has(key)) return Promise.resolve(false);
      seenUntil.set(key, now + ttlSeconds * 1000);
      return Promise.resolve(true);
    },
  };
}
