import type { RedisStorage } from '../storage/storage.js';
import type { BackchannelStore } from './backchannel-store.js';

interface IndexedLogin {
  sub: string;
  sid: string | undefined;
}

/**
 * Sessions by user and by IdP login as Redis sets of session ids (`<prefix>login:sub:<sub>`,
 * `<prefix>login:sid:<sid>`), each session's own entry at `<prefix>login:session:<id>`, and the
 * logout tokens seen at `<prefix>seen:<key>`. Everything expires with the longest a session can
 * live (the absolute timeout) counted from its last login, so an idle user's entries go with
 * their sessions; a user's set is swept of ended sessions whenever they log in again.
 */
export function createRedisBackchannelStore({ client, keyPrefix }: RedisStorage, sessionTtlSeconds: number): BackchannelStore {
  const subKey = (sub: string): string => `${keyPrefix}login:sub:${sub}`;
  const sidKey = (sid: string): string => `${keyPrefix}login:sid:${sid}`;
  const sessionKey = (sessionId: string): string => `${keyPrefix}login:session:${sessionId}`;

  const dropEndedMembers = async (setKey: string): Promise<void> => {
    const members = await client.sMembers(setKey);
    if (members.length === 0) return;
    const exists = await client.mGet(members.map(sessionKey));
    const ended = members.filter((_, index) => exists[index] === null);
    if (ended.length > 0) await client.sRem(setKey, ended);
  };

  return {
    async addSession(sessionId, login) {
      const multi = client
        .multi()
        .set(sessionKey(sessionId), JSON.stringify(login), { expiration: { type: 'EX', value: sessionTtlSeconds } })
        .sAdd(subKey(login.sub), sessionId)
        .expire(subKey(login.sub), sessionTtlSeconds);
      if (login.sid !== undefined) multi.sAdd(sidKey(login.sid), sessionId).expire(sidKey(login.sid), sessionTtlSeconds);
      await multi.exec();
      await dropEndedMembers(subKey(login.sub));
    },
    async sessionsOf({ sub, sid }) {
      const setKey = sid !== undefined ? sidKey(sid) : sub !== undefined ? subKey(sub) : undefined;
      if (setKey === undefined) return [];
      const members = await client.sMembers(setKey);
      if (members.length === 0) return [];
      const entries = await client.mGet(members.map(sessionKey));
      return members.filter((_, index) => entries[index] !== null);
    },
    async removeSession(sessionId) {
      const entry = await client.get(sessionKey(sessionId));
      if (entry === null) return;
      const login = JSON.parse(entry) as IndexedLogin;
      const multi = client.multi().del(sessionKey(sessionId)).sRem(subKey(login.sub), sessionId);
      if (login.sid !== undefined) multi.sRem(sidKey(login.sid), sessionId);
      await multi.exec();
    },
    // SET NX: exactly one instance wins for a key, however many receive it at once.
    async firstUse(key, ttlSeconds) {
      const reply = await client.set(`${keyPrefix}seen:${key}`, '1', {
        condition: 'NX',
        expiration: { type: 'EX', value: Math.max(1, Math.ceil(ttlSeconds)) },
      });
      return reply === 'OK';
    },
  };
}
