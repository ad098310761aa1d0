import type { SessionData } from 'express-session';
import { describe, expect, it } from 'vitest';
import { markNewSession } from '../../../src/session/new-sessions.js';
import { ThrottledTouchRedisStore } from '../../../src/session/redis-session.store.js';
import { sharedRedisClient } from '../../support/redis.js';

const PREFIX = `test-throttle-${process.pid}:`;

/** A session as express-session generates it for a request: the store inserts it (new-sessions.ts). */
function sessionExpiringIn(seconds: number): SessionData {
  const session = { cookie: { originalMaxAge: seconds * 1000, expires: new Date(Date.now() + seconds * 1000) } };
  markNewSession(session);
  return session;
}

describe('ThrottledTouchRedisStore (shared Redis at 127.0.0.1:6379)', () => {
  const client = sharedRedisClient(PREFIX);

  function storeWithThreshold(thresholdMs: number): ThrottledTouchRedisStore {
    const ttl = (session: SessionData) => Math.ceil((new Date(session.cookie.expires ?? 0).getTime() - Date.now()) / 1000);
    return new ThrottledTouchRedisStore(thresholdMs, 60, { client, prefix: PREFIX, ttl });
  }
  const call = (operation: (done: (error?: unknown) => void) => unknown): Promise<void> =>
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- passes on the store's error unchanged
    new Promise((resolve, reject) => void operation((error) => (error ? reject(error) : resolve())));

  it('skips an EXPIRE that moves the expiry by less than the threshold after a save, and sends one that moves it further', async () => {
    const throttled = storeWithThreshold(60_000);
    await call((done) => throttled.set('a', sessionExpiringIn(100), done));
    await call((done) => throttled.touch('a', sessionExpiringIn(130), done));
    expect(await client.ttl(`${PREFIX}a`)).toBeLessThanOrEqual(100);
    await call((done) => throttled.touch('a', sessionExpiringIn(200), done));
    expect(await client.ttl(`${PREFIX}a`)).toBeGreaterThan(150);

    const eager = storeWithThreshold(0);
    await call((done) => eager.set('b', sessionExpiringIn(100), done));
    await call((done) => eager.touch('b', sessionExpiringIn(130), done));
    expect(await client.ttl(`${PREFIX}b`)).toBeGreaterThan(110);
  });

  it('forgets a destroyed session, so a new one under the same id is touched normally', async () => {
    const throttled = storeWithThreshold(60_000);
    await call((done) => throttled.set('c', sessionExpiringIn(100), done));
    await call((done) => throttled.destroy('c', done));
    await client.set(`${PREFIX}c`, '{}', { EX: 100 });
    await call((done) => throttled.touch('c', sessionExpiringIn(500), done));
    expect(await client.ttl(`${PREFIX}c`)).toBeGreaterThan(400);
  });
});
