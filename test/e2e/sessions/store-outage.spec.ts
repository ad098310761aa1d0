import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppWithLocalIdp } from '../../support/app.js';
import { HttpClient } from '../../support/http-client.js';
import { callbackUrlFor, expectErrorPage, startAppWithHostileIdp } from '../../support/attack.js';
import { fault } from '../../support/hostile-idp/index.js';
import { signIn } from '../../support/login.js';
import { startThrowawayRedis, type ThrowawayRedis } from '../../support/redis.js';
import { waitFor } from '../../support/wait.js';

/** Once the store is back: /healthz turns 200 within `timeoutMs`, and a new login works on the same running app. */
async function expectRecovered(appUrl: string, timeoutMs: number): Promise<void> {
  await waitFor(async () => (await fetch(`${appUrl}/healthz`)).status === 200, timeoutMs);
  const client = new HttpClient();
  expect((await signIn(client, appUrl)).status).toBe(302);
  expect((await client.get(`${appUrl}/dashboard`)).status).toBe(200);
}

describe('Redis outage and recovery (throwaway redis-server)', () => {
  let redis: ThrowawayRedis;
  let env: Awaited<ReturnType<typeof startAppWithLocalIdp>>;

  beforeAll(async () => {
    redis = await startThrowawayRedis();
    env = await startAppWithLocalIdp({ SESSION_STORE: 'redis', REDIS_URL: redis.url });
  });
  afterAll(async () => {
    await env.close();
    await redis.stop();
  });

  it('answers 503 fast while Redis is down and recovers without a restart', async () => {
    const client = new HttpClient();
    await signIn(client, env.app.url);
    expect((await client.get(`${env.app.url}/dashboard`)).status).toBe(200);

    await redis.stop();

    const started = Date.now();
    const dashboard = await client.get(`${env.app.url}/dashboard`);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(dashboard.status).toBe(503);
    expect(dashboard.headers.get('content-type')).toContain('text/html');
    expect(dashboard.text).toContain('Temporarily unavailable');
    expect(dashboard.text).not.toMatch(/at [\w.]+ \(|Error:/);

    const health = await fetch(`${env.app.url}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toEqual({ status: 'unavailable', sessionStore: { kind: 'redis', status: 'unavailable' } });

    await redis.restart();
    // The throwaway Redis kept nothing, so the user logs in again.
    await expectRecovered(env.app.url, 10_000);
  });
});

describe('Redis down when the app starts', () => {
  it('boots anyway, reports 503, and serves logins once Redis appears', async () => {
    const redis = await startThrowawayRedis();
    await redis.stop();
    const env = await startAppWithLocalIdp({ SESSION_STORE: 'redis', REDIS_URL: redis.url });
    try {
      expect((await fetch(`${env.app.url}/healthz`)).status).toBe(503);
      expect((await new HttpClient().get(`${env.app.url}/login`)).status).toBe(503);

      await redis.restart();
      await expectRecovered(env.app.url, 10_000);
    } finally {
      await env.close();
      await redis.stop();
    }
  });
});

describe('Redis lost in the middle of a login', () => {
  it('answers a 503 page whose retry starts the login over, never a 500', async () => {
    const redis = await startThrowawayRedis();
    const env = await startAppWithHostileIdp({ SESSION_STORE: 'redis', REDIS_URL: redis.url });
    try {
      const client = new HttpClient();
      const callbackUrl = await callbackUrlFor(client, env.app.url);
      // The token endpoint answers slowly, and Redis goes away before the session can be saved.
      env.idp.behave({ token: { fault: fault.drip(1) } });
      const callback = client.get(callbackUrl);
      await waitFor(() => env.idp.calls('token').length === 1, 5000);
      await redis.stop();

      const result = await callback;
      expectErrorPage(result, 503);
      expect(result.text).toContain('Temporarily unavailable');
      expect(result.text).toContain('href="/login"');
      expect(result.text).not.toContain(new URL(callbackUrl).searchParams.get('code') ?? 'no code');
    } finally {
      await env.close();
      await redis.stop();
    }
  });
});

describe('SQLite file that cannot be opened', () => {
  it('the app starts, answers 503 and recovers once the file can be created', async () => {
    // A plain file where the database folder should be: nothing can be created below it.
    const blocker = join(mkdtempSync(join(tmpdir(), 'sessions-')), 'not-a-folder');
    writeFileSync(blocker, '');
    const env = await startAppWithLocalIdp({ SESSION_STORE: 'sqlite', SESSION_SQLITE_PATH: join(blocker, 'sessions.sqlite') });
    try {
      const health = await fetch(`${env.app.url}/healthz`);
      expect(health.status).toBe(503);
      expect(await health.json()).toEqual({ status: 'unavailable', sessionStore: { kind: 'sqlite', status: 'unavailable' } });
      expectErrorPage(await new HttpClient().get(`${env.app.url}/login`), 503);

      rmSync(blocker);
      await expectRecovered(env.app.url, 5000);
    } finally {
      await env.close();
    }
  });
});
