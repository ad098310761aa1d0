// LOGIN_RATE_LIMIT with several instances on one Redis counts each client IP once, for all of them
// (the counters in Redis): N instances do not allow N times the limit.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/app.js';
import { startHostileIdp, type HostileIdp } from '../../support/hostile-idp/index.js';
import { clientFrom, expectTooManyRequests } from '../../support/rate-limit.js';
import { assertRedisAnswers, SHARED_REDIS_URL } from '../../support/redis.js';

const LIMIT = 10;

/** An address of the IPv6 documentation range with its own /64 (what the throttler counts by): no other run shares its counter. */
function uniqueClientIp(): string {
  const [a, b] = [randomBytes(2).toString('hex'), randomBytes(2).toString('hex')];
  return `2001:db8:${a}:${b}::1`;
}

describe('login rate limit across two instances on one Redis', () => {
  let idp: HostileIdp;
  let instances: TestApp[];

  beforeAll(async () => {
    await assertRedisAnswers(SHARED_REDIS_URL);
    idp = await startHostileIdp();
    const environment = { SESSION_STORE: 'redis', REDIS_URL: SHARED_REDIS_URL, LOGIN_RATE_LIMIT: String(LIMIT), TRUST_PROXY: 'loopback' };
    instances = [await startTestApp(idp, environment), await startTestApp(idp, environment)];
  });
  afterAll(async () => {
    for (const instance of instances ?? []) await instance.close();
    await idp?.close();
  });

  it(`14 /login from one IP, alternating between the instances, with LOGIN_RATE_LIMIT=${LIMIT}: ${LIMIT} pass, then 429 on both`, async () => {
    const { client, headers } = clientFrom(uniqueClientIp());
    const answers = [];
    for (let attempt = 0; attempt < 14; attempt += 1) answers.push(await client.get(`${instances[attempt % 2].url}/login`, headers));
    expect(answers.map((answer) => answer.status)).toEqual([...Array<number>(LIMIT).fill(302), 429, 429, 429, 429]);
    for (const refused of answers.slice(LIMIT)) expectTooManyRequests(refused);

    const other = clientFrom(uniqueClientIp());
    expect((await other.client.get(`${instances[1].url}/login`, other.headers)).status, 'another IP still logs in').toBe(302);
  });
});
