import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, startTestLocalIdp, type TestApp, testEnvironment } from '../../support/app.js';
import { spawnApp } from '../../support/child-app.js';
import { HttpClient } from '../../support/http-client.js';
import { signIn } from '../../support/login.js';
import { freePort } from '../../support/ports.js';
import { assertRedisAnswers, SHARED_REDIS_URL } from '../../support/redis.js';
import { sessionIdOf } from '../../support/session-cookie.js';

const KEY_PREFIX = 'nestjs-auth0:sess:';

/** Ends the session the way a user does, so the shared Redis keeps no key from this suite. */
async function logOut(client: HttpClient, appUrl: string): Promise<void> {
  expect((await client.postForm(`${appUrl}/logout`, {})).status).toBe(302);
}

describe('Redis session store (shared Redis at 127.0.0.1:6379)', () => {
  let idp: Awaited<ReturnType<typeof startTestLocalIdp>>;
  let appA: TestApp;
  const redisEnvironment = { SESSION_STORE: 'redis', REDIS_URL: SHARED_REDIS_URL };
  /** Every session id this suite created; each test logs out, so none may be left in Redis. */
  const createdSids: string[] = [];
  async function rememberSession(client: HttpClient, appUrl: string): Promise<string> {
    const sid = sessionIdOf((await client.cookieValue(appUrl, 'app_session')) ?? '');
    createdSids.push(sid);
    return sid;
  }

  beforeAll(async () => {
    // Fails the suite, never skips it, when Redis is missing.
    await assertRedisAnswers(SHARED_REDIS_URL);
    const port = await freePort();
    idp = await startTestLocalIdp([port]);
    appA = await startTestApp(idp, redisEnvironment, port);
  });
  afterAll(async () => {
    await appA.close();
    await idp.close();
    const redis = createClient({ url: SHARED_REDIS_URL });
    await redis.connect();
    try {
      const stored = await Promise.all(createdSids.map((sid) => redis.exists(`${KEY_PREFIX}${sid}`)));
      expect(
        createdSids.filter((_, index) => stored[index] > 0),
        'session keys left in the shared Redis',
      ).toEqual([]);
    } finally {
      await redis.close();
    }
  });

  it('stores the session under a namespaced key that Redis itself expires', async () => {
    const client = new HttpClient();
    await signIn(client, appA.url);
    const sid = await rememberSession(client, appA.url);
    const redis = createClient({ url: SHARED_REDIS_URL });
    await redis.connect();
    try {
      const ttl = await redis.ttl(`${KEY_PREFIX}${sid}`);
      expect(ttl).toBeGreaterThan(86_000);
      expect(ttl).toBeLessThanOrEqual(86_400);
    } finally {
      await redis.close();
    }
    await logOut(client, appA.url);
  });

  it('two instances share sessions: log in on A, use B, log out on B, A rejects the old cookie', async () => {
    // Separate processes, as in production: Passport keeps one strategy registry per process.
    const [portA, portB] = [await freePort(), await freePort()];
    const instanceIdp = await startTestLocalIdp([portA, portB]);
    const instance = (port: number) =>
      spawnApp({
        ...testEnvironment(port, instanceIdp, redisEnvironment),
        LOG_LEVEL: 'warn',
      });
    const [instanceA, instanceB] = await Promise.all([instance(portA), instance(portB)]);
    try {
      const client = new HttpClient();
      const callback = await signIn(client, instanceA.url);
      expect(callback.url.startsWith(`${instanceA.url}/callback`)).toBe(true);
      // Cookies ignore ports, so the same browser presents its cookie to both instances.
      const onB = await client.get(`${instanceB.url}/dashboard`);
      expect(onB.status).toBe(200);
      expect(onB.text).toContain('Test User');
      const oldCookie = (await client.cookieValue(instanceA.url, 'app_session')) ?? '';
      await rememberSession(client, instanceA.url);

      await logOut(client, instanceB.url);

      const replay = new HttpClient();
      await replay.setCookie(instanceA.url, 'app_session', oldCookie);
      const onA = await replay.get(`${instanceA.url}/dashboard`);
      expect(onA.status).toBe(302);
      expect(onA.location).toContain('/login');
    } finally {
      await Promise.all([instanceA.stop(), instanceB.stop()]);
      await instanceIdp.close();
    }
  });

  it('a login survives restarting the app', async () => {
    const client = new HttpClient();
    await signIn(client, appA.url);
    await rememberSession(client, appA.url);
    const port = appA.port;
    await appA.close();
    appA = await startTestApp(idp, redisEnvironment, port);
    const dashboard = await client.get(`${appA.url}/dashboard`);
    expect(dashboard.status).toBe(200);
    expect(dashboard.text).toContain('Test User');
    await logOut(client, appA.url);
  });
});
