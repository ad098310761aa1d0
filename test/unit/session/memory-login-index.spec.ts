import { MemoryStore, type SessionData } from 'express-session';
import { describe, expect, it } from 'vitest';
import { memoryLoginIndex } from '../../../src/session/memory-login-index.js';

function loggedIn(subject: string, idpSessionId?: string): SessionData {
  return { cookie: { originalMaxAge: 60_000, expires: new Date(Date.now() + 60_000) }, subject, idpSessionId };
}

describe('memory store login index', () => {
  it('ends the sessions a logout names and counts them', async () => {
    const store = new MemoryStore();
    store.set('a1', loggedIn('alice', 's1'));
    store.set('a2', loggedIn('alice', 's2'));
    store.set('b1', loggedIn('bob', 's3'));
    const index = memoryLoginIndex(store);
    expect(await index.endLoginSessions({ sid: 's1' })).toBe(1);
    expect(await index.endLoginSessions({ sub: 'alice' })).toBe(1);
    const left = await new Promise((resolve) => store.all((_error, all) => resolve(Object.keys(all ?? {}))));
    expect(left).toEqual(['b1']);
  });

  it('rememberOnce is true once per key until it expires', async () => {
    const index = memoryLoginIndex(new MemoryStore());
    expect(await index.rememberOnce('jti', 0.05)).toBe(true);
    expect(await index.rememberOnce('jti', 0.05)).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(await index.rememberOnce('jti', 60)).toBe(true);
  });
});
