// H2 on the Redis store (shared Redis at 127.0.0.1:6379): sessions found through index sets by
// IdP login and by user, several instances, a shared replay guard, Redis down.
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSession, expectSession } from '../../support/attack.js';
import {
  type BackchannelEnv,
  expectAccepted,
  type Login,
  postLogoutToken,
  startBackchannelEnv,
  uniqueLogin,
} from '../../support/backchannel.js';
import { assertRedisAnswers, SHARED_REDIS_URL, startThrowawayRedis, type ThrowawayRedis } from '../../support/redis.js';
import { sessionIdOf } from '../../support/session-cookie.js';
import type { HttpClient } from '../../support/http-client.js';

const SESSION_PREFIX = 'nestjs-auth0:sess:';
const subjectKey = (sub: string): string => `nestjs-auth0:login:sub:${sub}`;
const sidKey = (sid: string): string => `nestjs-auth0:login:sid:${sid}`;
// Short, so that whatever a failed run leaves in the shared Redis expires within minutes.
const TIMEOUTS = { SESSION_IDLE_TIMEOUT: '600', SESSION_ABSOLUTE_TIMEOUT: '900' };

describe('H2 back-channel logout on the Redis store (https IdP, shared Redis)', () => {
  let env: BackchannelEnv;
  const redis = createClient({ url: SHARED_REDIS_URL });
  /** Every login of this suite: ended and unindexed afterwards, so the shared Redis keeps nothing of it. */
  const logins: Login[] = [];
  const tracked = <T extends Login>(login: T): T => {
    logins.push(login);
    return login;
  };

  beforeAll(async () => {
    await assertRedisAnswers(SHARED_REDIS_URL);
    await redis.connect();
    env = await startBackchannelEnv({ SESSION_STORE: 'redis', REDIS_URL: SHARED_REDIS_URL, ...TIMEOUTS }, 2);
  });
  afterAll(async () => {
    try {
      for (const login of logins) {
        if (login.sub !== undefined) await postLogoutToken(env.apps[0].url, await env.logoutToken({ sub: login.sub }));
      }
      const indexKeys = logins.flatMap((login) => [subjectKey(login.sub), ...(login.sid === undefined ? [] : [sidKey(login.sid)])]);
      if (indexKeys.length > 0) await redis.del(indexKeys);
    } finally {
      await env?.close();
      await redis.close();
    }
  });

  async function sessionKeyOf(browser: HttpClient, appUrl: string): Promise<string> {
    return `${SESSION_PREFIX}${sessionIdOf((await browser.cookieValue(appUrl, 'app_session')) ?? '')}`;
  }

  it('H2 Redis: a token with only sid ends that login’s session, not the same user’s other login nor another user', async () => {
    const [appA] = env.apps;
    const login = tracked(uniqueLogin());
    const sameUserElsewhere = tracked({ sub: login.sub, sid: uniqueLogin().sid });
    const other = tracked(uniqueLogin());
    const [ended, kept, otherUser] = [await env.logIn(login), await env.logIn(sameUserElsewhere), await env.logIn(other)];

    expectAccepted(await postLogoutToken(appA.url, await env.logoutToken({ sid: login.sid })));

    await expectNoSession(ended, appA.url);
    await expectSession(kept, appA.url);
    await expectSession(otherUser, appA.url);
    // The ended session left its IdP login's set; the index never outlives the absolute timeout.
    expect(await redis.sMembers(sidKey(login.sid))).toEqual([]);
    const ttl = await redis.ttl(subjectKey(login.sub));
    expect(ttl).toBeGreaterThan(800);
    expect(ttl).toBeLessThanOrEqual(900);
  });

  it('H2 Redis: a token with only sub ends both sessions of that user and no other user’s', async () => {
    const [appA] = env.apps;
    const login = tracked(uniqueLogin());
    const other = tracked(uniqueLogin());
    const sessions = [await env.logIn(login), await env.logIn(tracked({ sub: login.sub, sid: uniqueLogin().sid }))];
    const otherUser = await env.logIn(other);
    const keys = await Promise.all(sessions.map((browser) => sessionKeyOf(browser, appA.url)));

    expectAccepted(await postLogoutToken(appA.url, await env.logoutToken({ sub: login.sub })));

    for (const browser of sessions) await expectNoSession(browser, appA.url);
    expect(await redis.exists(keys)).toBe(0);
    await expectSession(otherUser, appA.url);
  });

  it('H2 Redis: two instances: a logout posted to B ends the session used on A', async () => {
    const [appA, appB] = env.apps;
    const login = tracked(uniqueLogin());
    const browser = await env.logIn(login, appA);
    await expectSession(browser, appA.url);

    expectAccepted(await postLogoutToken(appB.url, await env.logoutToken(login)));

    await expectNoSession(browser, appA.url);
  });

  it('H2 Redis: two instances share the replay guard: a token accepted by A is refused by B', async () => {
    const [appA, appB] = env.apps;
    const token = await env.logoutToken(tracked(uniqueLogin()));
    expectAccepted(await postLogoutToken(appA.url, token));
    expect((await postLogoutToken(appB.url, token)).status).toBe(400);
  });
});

describe('H2 back-channel logout while Redis is down (https IdP, throwaway redis-server)', () => {
  let redis: ThrowawayRedis;
  let env: BackchannelEnv;

  beforeAll(async () => {
    redis = await startThrowawayRedis();
    env = await startBackchannelEnv({ SESSION_STORE: 'redis', REDIS_URL: redis.url });
  });
  afterAll(async () => {
    await env?.close();
    await redis?.stop();
  });

  it('H2 Redis: a valid token answers 503 while the store is unreachable, and the same token is accepted once it is back', async () => {
    const token = await env.logoutToken(uniqueLogin());
    await redis.stop();
    const refused = await postLogoutToken(env.apps[0].url, token);
    expect(refused.status).toBe(503);
    expect(JSON.parse(refused.text)).toEqual({ error: 'temporarily_unavailable' });

    await redis.restart();
    await expect.poll(async () => (await fetch(`${env.apps[0].url}/healthz`)).status, { timeout: 10_000 }).toBe(200);
    expectAccepted(await postLogoutToken(env.apps[0].url, token));
  });
});
