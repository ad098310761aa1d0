// LOGIN_RATE_LIMIT: /login and /callback are limited per client IP per minute,
// with a friendly 429 page; other routes are not; `0` turns it off. (The log event: rate-limit-events.spec.ts.)
import { describe, expect, it } from 'vitest';
import { environmentSchema } from '../../../src/config/environment.schema.js';
import { beginLogin, callbackUrlFor, expectHealthy, expectLoggedIn, useAttackEnv } from '../../support/attack.js';
import { HttpClient } from '../../support/http-client.js';
import { clientFrom, expectTooManyRequests, LIMIT } from '../../support/rate-limit.js';

/** What an unset LOGIN_RATE_LIMIT means: "off at 0" must be tested past it, or 0 could silently mean the default. */
const DEFAULT_LIMIT = environmentSchema.shape.LOGIN_RATE_LIMIT.parse(undefined);

describe('login rate limit behind a trusted proxy', () => {
  const env = useAttackEnv({ LOGIN_RATE_LIMIT: String(LIMIT), TRUST_PROXY: 'loopback' });

  it(`allows ${LIMIT} /login per minute per client IP, then answers a friendly 429 page`, async () => {
    const { client, headers } = clientFrom('203.0.113.1');
    for (let attempt = 0; attempt < LIMIT; attempt += 1) {
      expect((await client.get(`${env.app.url}/login`, headers)).status).toBe(302);
    }
    expectTooManyRequests(await client.get(`${env.app.url}/login`, headers));

    const otherIp = clientFrom('203.0.113.2');
    expect((await otherIp.client.get(`${env.app.url}/login`, otherIp.headers)).status).toBe(302);
  });

  it('does not limit other routes', async () => {
    const { client, headers } = clientFrom('203.0.113.3');
    for (let attempt = 0; attempt < LIMIT + 2; attempt += 1) {
      expect((await client.get(`${env.app.url}/`, headers)).status).toBe(200);
      expect((await client.get(`${env.app.url}/dashboard`, headers)).status).toBe(302);
    }
    await expectHealthy(env.app.url);
  });

  it(`limits /callback too: the ${LIMIT + 1}th callback is refused before any token request`, async () => {
    const { client, headers } = clientFrom('203.0.113.4');
    for (let attempt = 0; attempt < LIMIT; attempt += 1) {
      expect((await client.get(`${env.app.url}/callback?code=x&state=y`, headers)).status).toBe(400);
    }
    const browser = new HttpClient();
    const callback = await callbackUrlFor(browser, env.app.url);
    env.idp.reset();
    expectTooManyRequests(await browser.get(callback, headers));
    expect(env.idp.calls('token')).toEqual([]);
  });

  it('counts the client address the trusted proxy saw, not one the client wrote in front of it', async () => {
    const spoofer = new HttpClient();
    for (let attempt = 0; attempt < LIMIT; attempt += 1) {
      await spoofer.get(`${env.app.url}/login`, { 'x-forwarded-for': `198.51.100.${attempt}, 203.0.113.5` });
    }
    expectTooManyRequests(await spoofer.get(`${env.app.url}/login`, { 'x-forwarded-for': '198.51.100.99, 203.0.113.5' }));
  });
});

describe('login rate limit without a trusted proxy', () => {
  const env = useAttackEnv({ LOGIN_RATE_LIMIT: String(LIMIT) });

  it('ignores X-Forwarded-For: rotating it does not reset the count', async () => {
    const client = new HttpClient();
    for (let attempt = 0; attempt < LIMIT; attempt += 1) {
      expect((await client.get(`${env.app.url}/login`, { 'x-forwarded-for': `203.0.113.${attempt + 10}` })).status).toBe(302);
    }
    expectTooManyRequests(await client.get(`${env.app.url}/login`, { 'x-forwarded-for': '203.0.113.99' }));
  });
});

describe('login rate limit off (LOGIN_RATE_LIMIT=0)', () => {
  const env = useAttackEnv({ LOGIN_RATE_LIMIT: '0' });

  it(`lets any number of logins through, more than the default limit of ${DEFAULT_LIMIT}`, async () => {
    const client = new HttpClient();
    for (let attempt = 0; attempt < DEFAULT_LIMIT + 10; attempt += 1) await beginLogin(client, env.app.url);
    await expectLoggedIn(client, env.app.url, await client.get(await callbackUrlFor(client, env.app.url)));
  });
});
