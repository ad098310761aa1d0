import type { BackchannelStore } from './backchannel-store.js';

/** For the memory storage (tests, experiments): maps in this process. */
export function createMemoryBackchannelStore(): BackchannelStore {
  const logins = new Map<string, { sub: string; sid: string | undefined }>();
  const seenUntil = new Map<string, number>();
  return {
    addSession(sessionId, login) {
      logins.set(sessionId, login);
      return Promise.resolve();
    },
    sessionsOf({ sub, sid }) {
      const matches = (login: { sub: string; sid: string | undefined }): boolean => (sid !== undefined ? login.sid === sid : login.sub === sub);
      return Promise.resolve([...logins].filter(([, login]) => matches(login)).map(([sessionId]) => sessionId));
    },
    removeSession(sessionId) {
      logins.delete(sessionId);
      return Promise.resolve();
    },
    firstUse(key, ttlSeconds) {
      const now = Date.now();
      for (const [seen, until] of seenUntil) if (until <= now) seenUntil.delete(seen);
      if (seenUntil.has(key)) return Promise.resolve(false);
      seenUntil.set(key, now + ttlSeconds * 1000);
      return Promise.resolve(true);
    },
  };
}
