// Two instances sharing Redis renew one session's token once between them (a short lock in Redis),
// keep the tokens in a key of their own beside the session, and delete both at logout.
import { createClient } from 'redis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/app.js';
import { attemptLogin } from '../../support/attack.js';
import { type HostileIdp, startHostileIdp } from '../../support/hostile-idp/index.js';
import { HttpClient } from '../../support/http-client.js';
import { assertRedisAnswers, SHARED_REDIS_URL } from '../../support/redis.js';
import { sessionIdOf } from '../../support/session-cookie.js';
import { API_AUDIENCE, OFFLINE_SCOPE } from './api-tokens.js';

const SESSION_KEY_PREFIX = 'nestjs-auth0:sess:';
const LOCK_KEY_PREFIX = 'nestjs-auth0:lock:';
const TOKENS_KEY_PREFIX = 'nestjs-auth0:tokens:';

describe('two instances on one Redis', () => {
  let idp: HostileIdp;
  let instances: TestApp[];
  const redis = createClient({ url: SHARED_REDIS_URL });

  beforeAll(async () => {
    await assertRedisAnswers(SHARED_REDIS_URL);
    await redis.connect();
    idp = await startHostileIdp();
    const environment = {
      SESSION_STORE: 'redis',
      REDIS_URL: SHARED_REDIS_URL,
      AUTH0_AUDIENCE: API_AUDIENCE,
      AUTH0_SCOPE: OFFLINE_SCOPE,
    };
    instances = [await startTestApp(idp, environment), await startTestApp(idp, environment)];
  });
  afterAll(async () => {
    for (const instance of instances) await instance.close();
    await idp.close();
    await redis.close();
  });
  beforeEach(() => idp.reset());

  async function logIn(client: HttpClient, appUrl: string): Promise<string> {
    expect((await attemptLogin(client, appUrl)).status).toBe(302);
    return sessionIdOf((await client.cookieValue(appUrl, 'app_session')) ?? '');
  }

  async function storedSession(sid: string): Promise<string | null> {
    return redis.get(`${SESSION_KEY_PREFIX}${sid}`);
  }

  it('T3 requests of one session on both instances at once: one refresh, every request answered', async () => {
    const [a, b] = instances;
    idp.behave({ accessToken: { expiresIn: 30 } });
    const client = new HttpClient();
    const sid = await logIn(client, a.url);
    // The renewed token lives an hour: a second refresh could only come from the race.
    idp.behave({ accessToken: { expiresIn: 3600 } });
    const views = await Promise.all([a, b, a, b, a, b].map((instance) => client.get(`${instance.url}/dashboard`)));
    expect(views.map((view) => view.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(idp.refreshCalls()).toHaveLength(1);
    expect(await redis.exists(`${LOCK_KEY_PREFIX}refresh:${sid}`), 'the lock is released').toBe(0);
    expect((await client.postForm(`${b.url}/logout`, {})).status).toBe(302);
  });

  it('T2 the tokens are in a key of their own beside the session (not in the session, not in the cookie) and go at logout', async () => {
    let issued: { access_token: string; refresh_token?: string } | undefined;
    idp.behave({
      token: {
        body: (normal) => {
          issued = normal;
          return normal;
        },
      },
    });
    const client = new HttpClient();
    const sid = await logIn(client, instances[0].url);
    const cookie = (await client.cookieValue(instances[0].url, 'app_session')) ?? '';
    expect(issued?.refresh_token).toBeDefined();
    const tokens = (await redis.get(`${TOKENS_KEY_PREFIX}${sid}`)) ?? '';
    expect(tokens).toContain(issued?.access_token);
    expect(tokens).toContain(issued?.refresh_token);
    expect(await storedSession(sid)).not.toContain(issued?.refresh_token);
    expect(cookie.length).toBeLessThan(120);

    expect((await client.postForm(`${instances[0].url}/logout`, {})).status).toBe(302);
    expect(await storedSession(sid)).toBeNull();
    expect(await redis.get(`${TOKENS_KEY_PREFIX}${sid}`)).toBeNull();
  });
});
