import { randomUUID } from 'node:crypto';
import type { SessionData } from 'express-session';
import { describe, expect, it } from 'vitest';
import { RedisLoginIndex } from '../../../src/session/redis-login-index.js';
import { sharedRedisClient } from '../../support/redis.js';

function loggedIn(subject: string, idpSessionId?: string): SessionData {
  return { cookie: { originalMaxAge: 60_000 }, subject, idpSessionId };
}

const PREFIX = `test-login-index-${process.pid}-`;

describe('RedisLoginIndex (shared Redis at 127.0.0.1:6379)', () => {
  const client = sharedRedisClient(PREFIX);
  const prefixes: string[] = [];

  /** An index under a prefix of its own, and a way to store sessions where connect-redis would. */
  function newIndex(): {
    index: RedisLoginIndex;
    save: (id: string, session: SessionData) => Promise<void>;
    exists: (id: string) => Promise<boolean>;
  } {
    const prefix = `${PREFIX}${randomUUID()}:`;
    prefixes.push(prefix);
    const sessionPrefix = `${prefix}sess:`;
    const index = new RedisLoginIndex(client, { sessionPrefix, prefix, ttlSeconds: 120 });
    return {
      index,
      save: async (id, session) => {
        await client.set(`${sessionPrefix}${id}`, JSON.stringify(session), { expiration: { type: 'EX', value: 120 } });
        await index.add(id, session);
      },
      exists: async (id) => (await client.exists(`${sessionPrefix}${id}`)) > 0,
    };
  }

  it('ends by sid, by sub, and by sub and sid (with sessions saved before sids were kept), and counts them', async () => {
    const { index, save, exists } = newIndex();
    await save('a1', loggedIn('alice', 's1'));
    await save('a2', loggedIn('alice', 's2'));
    await save('a0', loggedIn('alice'));
    await save('b1', loggedIn('bob', 's3'));

    expect(await index.endSessions({ sid: 's1' })).toBe(1);
    expect(await index.endSessions({ sub: 'alice', sid: 's2' })).toBe(2);
    expect([await exists('a1'), await exists('a2'), await exists('a0'), await exists('b1')]).toEqual([false, false, false, true]);
    expect(await index.endSessions({ sub: 'bob' })).toBe(1);
    expect(await index.endSessions({ sub: 'bob' })).toBe(0);
    expect(await index.endSessions({})).toBe(0);
  });

  it('drops members whose session is gone: when the set is read, and when the user logs in again', async () => {
    const { index, save } = newIndex();
    const prefix = prefixes.at(-1) ?? '';
    await save('a1', loggedIn('alice', 's1'));
    await save('a2', loggedIn('alice', 's2'));
    await client.del(`${prefix}sess:a1`);
    await save('a3', loggedIn('alice', 's3'));
    expect((await client.sMembers(`${prefix}login:sub:alice`)).sort()).toEqual(['a2', 'a3']);

    await client.del(`${prefix}sess:a2`);
    expect(await index.endSessions({ sid: 's2' })).toBe(0);
    expect(await client.sMembers(`${prefix}login:sid:s2`)).toEqual([]);
    expect(await client.ttl(`${prefix}login:sub:alice`)).toBeGreaterThan(100);
  });

  it('a session re-saved for another user leaves the first user’s logout without effect on it', async () => {
    const { index, save, exists } = newIndex();
    await save('x', loggedIn('alice', 's1'));
    await save('x', loggedIn('bob', 's2'));
    expect(await index.endSessions({ sub: 'alice' })).toBe(0);
    expect(await exists('x')).toBe(true);
  });

  it('indexes the sessions already in Redis once, then remembers it did', async () => {
    const { index, exists } = newIndex();
    const prefix = prefixes.at(-1) ?? '';
    await client.set(`${prefix}sess:old`, JSON.stringify(loggedIn('carol')));
    await client.set(`${prefix}sess:pending`, JSON.stringify({ cookie: {}, loginTransactions: [] }));
    await client.set(`${prefix}sess:garbage`, 'not json');

    expect(await index.indexExistingSessions()).toBe(1);
    expect(await index.indexExistingSessions()).toBe(0);
    expect(await index.endSessions({ sub: 'carol', sid: 'from-auth0' })).toBe(1);
    expect(await exists('old')).toBe(false);
    expect(await exists('pending')).toBe(true);
  });

  it('rememberOnce: one winner per key, even when asked at the same time', async () => {
    const { index } = newIndex();
    const answers = await Promise.all(Array.from({ length: 5 }, () => index.rememberOnce('jti-1', 60)));
    expect(answers.filter(Boolean)).toHaveLength(1);
    expect(await index.rememberOnce('jti-2', 60)).toBe(true);
  });
});
