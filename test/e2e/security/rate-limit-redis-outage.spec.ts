// While Redis is away the login rate limit fails open: it never locks anyone out (the 503s are the
// session store's own, as without a limit), it says so in one line per outage, and it counts again
// once Redis is back. A throwaway redis-server, so the shared one keeps running; its own file,
// because nestjs-pino builds its logger once per process, with the first app's log destination.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/app.js';
import { startHostileIdp, type HostileIdp } from '../../support/hostile-idp/index.js';
import { objectContaining } from '../../support/matchers.js';
import { clientFrom, expectTooManyRequests, LIMIT } from '../../support/rate-limit.js';
import { startThrowawayRedis, type ThrowawayRedis } from '../../support/redis.js';
import { waitFor } from '../../support/wait.js';
import { logEvents } from '../../support/log-events.js';

function uniqueClientIp(): string {
  return `2001:db8:${randomBytes(2).toString('hex')}:${randomBytes(2).toString('hex')}::1`;
}

describe('login rate limit while its Redis is down', () => {
  const logged: string[] = [];
  let redis: ThrowawayRedis;
  let idp: HostileIdp;
  let app: TestApp;
  const events = (name: string): Array<Record<string, unknown>> => logEvents(logged, name);

  beforeAll(async () => {
    [redis, idp] = await Promise.all([startThrowawayRedis(), startHostileIdp()]);
    app = await startTestApp(
      idp,
      { SESSION_STORE: 'redis', REDIS_URL: redis.url, LOGIN_RATE_LIMIT: String(LIMIT), TRUST_PROXY: 'loopback', LOG_LEVEL: 'info' },
      undefined,
      { write: (chunk: string) => logged.push(chunk) },
    );
  });
  afterAll(async () => {
    await app?.close();
    await idp?.close();
    await redis?.stop();
  });

  it('fails open (no 429, no 500), logs it once, and counts again when Redis is back', async () => {
    const counted = clientFrom(uniqueClientIp());
    for (let attempt = 0; attempt < LIMIT; attempt += 1)
      expect((await counted.client.get(`${app.url}/login`, counted.headers)).status).toBe(302);
    expectTooManyRequests(await counted.client.get(`${app.url}/login`, counted.headers));

    await redis.stop();
    // New visitors from the blocked IP (no session cookie to load): Redis holds the block, and nothing can be counted without it.
    for (let attempt = 0; attempt < LIMIT + 2; attempt += 1) {
      const visitor = clientFrom(counted.headers['x-forwarded-for'] ?? '');
      const answer = await visitor.client.get(`${app.url}/login`, visitor.headers);
      expect(answer.status, 'the session store’s 503: not locked out by the limit').toBe(503);
    }
    expect(events('rate_limit_unavailable')).toEqual([objectContaining({ level: 50 })]);

    await redis.restart();
    await waitFor(async () => (await fetch(`${app.url}/healthz`)).status === 200, 15_000, { intervalMs: 200 });
    const after = clientFrom(uniqueClientIp());
    for (let attempt = 0; attempt < LIMIT; attempt += 1) expect((await after.client.get(`${app.url}/login`, after.headers)).status).toBe(302);
    expectTooManyRequests(await after.client.get(`${app.url}/login`, after.headers));
    expect(events('rate_limit_unavailable')).toHaveLength(1);
    expect(events('rate_limit_available')).toEqual([objectContaining({ level: 30 })]);
  });
});
