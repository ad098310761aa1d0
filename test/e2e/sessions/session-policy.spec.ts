import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../../src/storage/sqlite-driver.js';
import { startAppWithLocalIdp, startTestApp, startTestLocalIdp, tempSqlitePath, TEST_SESSION_SECRET, type TestApp } from '../../support/app.js';
import { FORWARDED_HTTPS } from '../../support/attack.js';
import { spawnApp } from '../../support/child-app.js';
import { HttpClient } from '../../support/http-client.js';
import { signIn } from '../../support/login.js';
import { freePort } from '../../support/ports.js';
import { sessionIdOf } from '../../support/session-cookie.js';
import { sleep } from '../../support/wait.js';

function setCookieOf(headers: Headers, name: string): string {
  const cookie = headers.getSetCookie().find((value) => value.startsWith(`${name}=`));
  if (cookie === undefined) throw new Error(`no Set-Cookie for ${name}: ${headers.getSetCookie().join(' | ')}`);
  return cookie;
}

/** Looks at the SQLite file directly (read-only, beside the app's own connection). */
function sessionRowExists(sqlitePath: string, sid: string): boolean {
  const db = new Database(sqlitePath, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT 1 FROM sessions WHERE sid = ?').get(sid) !== undefined;
  } finally {
    db.close();
  }
}

async function expectSentToLogin(client: HttpClient, app: TestApp, path = '/dashboard'): Promise<void> {
  const result = await client.get(`${app.url}${path}`);
  expect(result.status).toBe(302);
  expect(result.location).toBe(`${app.url}/login?returnTo=${encodeURIComponent(path)}`);
}

describe('session policy', () => {
  describe('cookie and fixation (sqlite store)', () => {
    let env: Awaited<ReturnType<typeof startAppWithLocalIdp>>;
    beforeAll(async () => {
      env = await startAppWithLocalIdp({ SESSION_STORE: 'sqlite', SESSION_SQLITE_PATH: tempSqlitePath() });
    });
    afterAll(() => env.close());

    it('sets no session cookie for an anonymous visit', async () => {
      const home = await new HttpClient().get(`${env.app.url}/`);
      expect(home.headers.getSetCookie()).toEqual([]);
    });

    it('F2 http BASE_URL: HttpOnly, SameSite=Lax, Path=/, no Domain, not Secure, plain name', async () => {
      const login = await new HttpClient().get(`${env.app.url}/login`);
      const cookie = setCookieOf(login.headers, 'app_session');
      expect(cookie).toMatch(/; HttpOnly/);
      expect(cookie).toMatch(/; SameSite=Lax/);
      expect(cookie).toMatch(/; Path=\//);
      expect(cookie).not.toMatch(/Domain=/i);
      expect(cookie).not.toMatch(/Secure/);
      expect(cookie.length).toBeLessThan(4096);
    });

    it('keeps an abandoned login transaction for 10 minutes, and the logged-in session for the idle timeout', async () => {
      const client = new HttpClient();
      const login = await client.get(`${env.app.url}/login`);
      const pending = Date.parse(/Expires=([^;]+)/.exec(setCookieOf(login.headers, 'app_session'))?.[1] ?? '');
      expect(pending - Date.now()).toBeGreaterThan(9 * 60_000);
      expect(pending - Date.now()).toBeLessThanOrEqual(10 * 60_000);

      const callback = await signIn(client, env.app.url);
      const session = Date.parse(/Expires=([^;]+)/.exec(setCookieOf(callback.headers, 'app_session'))?.[1] ?? '');
      expect(session - Date.now()).toBeGreaterThan(86_400_000 - 60_000);
    });

    it('F1 regenerates the session id at login; the planted id is not authenticated', async () => {
      const client = new HttpClient();
      await client.get(`${env.app.url}/login`);
      const before = await client.cookieValue(env.app.url, 'app_session');
      const callback = await signIn(client, env.app.url);
      expect(callback.status).toBe(302);
      const after = await client.cookieValue(env.app.url, 'app_session');
      expect(after).toBeDefined();
      expect(after).not.toBe(before);

      const attacker = new HttpClient();
      await attacker.setCookie(env.app.url, 'app_session', before ?? '');
      await expectSentToLogin(attacker, env.app);
      expect((await client.get(`${env.app.url}/dashboard`)).status).toBe(200);
    });

    it('F1 logging in again as another user rotates the id and drops the first user', async () => {
      const first = new HttpClient();
      await signIn(first, env.app.url);
      const firstSid = (await first.cookieValue(env.app.url, 'app_session')) ?? '';

      // Same browser session at the app, but no session at the sign-in server: the form asks again.
      const browser = new HttpClient();
      await browser.setCookie(env.app.url, 'app_session', firstSid);
      expect((await browser.get(`${env.app.url}/dashboard`)).text).toContain('Test User');
      await signIn(browser, env.app.url, { email: 'admin@example.com', password: 'Passw0rd!' });

      const secondSid = await browser.cookieValue(env.app.url, 'app_session');
      expect(secondSid).not.toBe(firstSid);
      const dashboard = await browser.get(`${env.app.url}/dashboard`);
      expect(dashboard.text).toContain('Admin User');
      expect(dashboard.text).not.toContain('Test User');
      const replay = new HttpClient();
      await replay.setCookie(env.app.url, 'app_session', firstSid);
      await expectSentToLogin(replay, env.app);
    });

    it('F3 a tampered, forged or garbage cookie is anonymous, never a 500', async () => {
      const client = new HttpClient();
      await signIn(client, env.app.url);
      const valid = (await client.cookieValue(env.app.url, 'app_session')) ?? '';
      // One signature character changed: always to a different one, or the cookie would still be valid.
      const flipped = valid.slice(0, -3) + (valid.at(-3) === 'A' ? 'B' : 'A') + valid.slice(-2);
      expect(flipped).not.toBe(valid);
      for (const value of [flipped, 's%3Aforged-id.bad-signature', 'garbage', '%E0%A4%A', 's%3A' + 'x'.repeat(3000)]) {
        const forged = new HttpClient();
        await forged.setCookie(env.app.url, 'app_session', value);
        await expectSentToLogin(forged, env.app);
        expect((await forged.get(`${env.app.url}/`)).status).toBe(200);
      }
    });

    it('survives an app restart on the same SQLite file', async () => {
      const client = new HttpClient();
      await signIn(client, env.app.url);
      const { port } = env.app;
      const sqlitePath = env.app.config.session.sqlitePath;
      await env.app.close();
      env.app = await startTestApp(env.idp, { SESSION_STORE: 'sqlite', SESSION_SQLITE_PATH: sqlitePath }, port);
      const dashboard = await client.get(`${env.app.url}/dashboard`);
      expect(dashboard.status).toBe(200);
      expect(dashboard.text).toContain('Test User');
    });
  });

  describe('secret rotation', () => {
    it('SESSION_SECRET=new,old keeps old cookies valid and signs new ones with the first secret', async () => {
      const oldSecret = 'old-session-secret-with-at-least-32-characters';
      const newSecret = 'new-session-secret-with-at-least-32-characters';
      // Idle 20 s: an active session's cookie is re-sent (re-signed) every 2 s touch interval.
      const sqlite = { SESSION_STORE: 'sqlite', SESSION_SQLITE_PATH: tempSqlitePath(), SESSION_IDLE_TIMEOUT: '20' };
      const env = await startAppWithLocalIdp({ ...sqlite, SESSION_SECRET: oldSecret });
      const restart = async (secrets: string): Promise<void> => {
        const { port } = env.app;
        await env.app.close();
        env.app = await startTestApp(env.idp, { ...sqlite, SESSION_SECRET: secrets }, port);
      };
      try {
        const active = new HttpClient();
        const dormant = new HttpClient();
        await signIn(active, env.app.url);
        await signIn(dormant, env.app.url);

        await restart(`${newSecret},${oldSecret}`);
        // Verified with the old secret; in the next touch interval the rolling cookie comes back signed with the new one.
        await sleep(2100);
        const rolled = await active.get(`${env.app.url}/dashboard`);
        expect(rolled.status).toBe(200);
        expect(rolled.headers.getSetCookie().some((cookie) => cookie.startsWith('app_session='))).toBe(true);
        const fresh = new HttpClient();
        await signIn(fresh, env.app.url);

        await restart(newSecret);
        expect((await active.get(`${env.app.url}/dashboard`)).status).toBe(200);
        expect((await fresh.get(`${env.app.url}/dashboard`)).status).toBe(200);
        await expectSentToLogin(dormant, env.app);
      } finally {
        await env.close();
      }
    });
  });

  describe('Secure cookie behind a TLS-terminating proxy', () => {
    let idp: Awaited<ReturnType<typeof startTestLocalIdp>>;
    beforeAll(async () => {
      idp = await startTestLocalIdp([]);
    });
    afterAll(() => idp.close());

    it('F2 https BASE_URL with TRUST_PROXY: Secure, __Host- prefix, when X-Forwarded-Proto is https', async () => {
      const app = await startTestApp(idp, { BASE_URL: 'https://app.example.test', TRUST_PROXY: '1' });
      try {
        const login = await fetch(`${app.url}/login`, { redirect: 'manual', headers: { 'x-forwarded-proto': 'https' } });
        const cookie = setCookieOf(login.headers, '__Host-app_session');
        expect(cookie).toMatch(/; Secure/);
        expect(cookie).toMatch(/; HttpOnly/);
        expect(cookie).toMatch(/; SameSite=Lax/);
        expect(cookie).toMatch(/; Path=\//);
        expect(cookie).not.toMatch(/Domain=/i);
      } finally {
        await app.close();
      }
    });

    it('https BASE_URL without TRUST_PROXY: no cookie over plain http (the login-loop cause the README explains)', async () => {
      const app = await startTestApp(idp, { BASE_URL: 'https://app.example.test' });
      try {
        const login = await fetch(`${app.url}/login`, { redirect: 'manual', headers: { 'x-forwarded-proto': 'https' } });
        expect(login.status).toBe(302);
        expect(login.headers.getSetCookie()).toEqual([]);
      } finally {
        await app.close();
      }
    });

    it('https BASE_URL without TRUST_PROXY: the callback is 400 "Your login request expired", and its log line names TRUST_PROXY', async () => {
      const app = await spawnApp({
        NODE_ENV: 'test',
        BASE_URL: 'https://app.example.test',
        AUTH0_DOMAIN: idp.origin,
        AUTH0_CLIENT_ID: idp.clientId,
        AUTH0_CLIENT_SECRET: idp.clientSecret,
        SESSION_SECRET: TEST_SESSION_SECRET,
        SESSION_STORE: 'memory',
      });
      try {
        const client = new HttpClient();
        const login = await client.get(`${app.url}/login`, FORWARDED_HTTPS);
        const state = new URL(login.location ?? '').searchParams.get('state') ?? '';
        const callback = await client.get(`${app.url}/callback?code=abc&state=${state}`, FORWARDED_HTTPS);
        expect(callback.status).toBe(400);
        expect(callback.text).toContain('Your login request expired');
        const failure = app
          .output()
          .split('\n')
          .find((line) => line.includes('"login_failed"'));
        expect(JSON.parse(failure ?? '{}')).toMatchObject({
          reason: 'state-mismatch',
          hint: expect.stringContaining('set TRUST_PROXY') as unknown,
        });
      } finally {
        await app.stop();
      }
    });
  });

  describe('timeouts', () => {
    it('F5 rolling: an active session gets a fresh cookie expiry once per touch interval, not on every response', async () => {
      // Idle 20 s: the touch interval is 2 s.
      const env = await startAppWithLocalIdp({ SESSION_IDLE_TIMEOUT: '20', SESSION_STORE: 'sqlite', SESSION_SQLITE_PATH: tempSqlitePath() });
      try {
        const client = new HttpClient();
        await signIn(client, env.app.url);
        const expiries: number[] = [];
        let responses = 0;
        const started = Date.now();
        while (Date.now() - started < 4500) {
          const page = await client.get(`${env.app.url}/dashboard`);
          expect(page.status).toBe(200);
          responses += 1;
          const refreshed = page.headers.getSetCookie().find((value) => value.startsWith('app_session='));
          if (refreshed !== undefined) expiries.push(Date.parse(/Expires=([^;]+)/.exec(refreshed)?.[1] ?? ''));
          await sleep(100);
        }
        // About 4.5 s of activity crosses two or three 2 s intervals (the first request starts one).
        expect(expiries.length).toBeGreaterThanOrEqual(2);
        expect(expiries.length).toBeLessThanOrEqual(4);
        expect(responses).toBeGreaterThan(expiries.length * 3);
        for (const [index, expiry] of expiries.entries()) {
          expect(expiry - (expiries[index - 1] ?? 0)).toBeGreaterThan(0);
        }
      } finally {
        await env.close();
      }
    });

    it('F5 idle timeout: a session unused for longer than SESSION_IDLE_TIMEOUT is gone, row included', async () => {
      const sqlitePath = tempSqlitePath();
      const env = await startAppWithLocalIdp({
        // Long enough for the cookie jar to still hold the cookie when signIn returns on a loaded machine.
        SESSION_IDLE_TIMEOUT: '3',
        SESSION_ABSOLUTE_TIMEOUT: '60',
        SESSION_STORE: 'sqlite',
        SESSION_SQLITE_PATH: sqlitePath,
      });
      try {
        const client = new HttpClient();
        await signIn(client, env.app.url);
        const cookie = (await client.cookieValue(env.app.url, 'app_session')) ?? '';
        const sid = sessionIdOf(cookie);
        expect(sessionRowExists(sqlitePath, sid), 'row after login').toBe(true);
        await sleep(3500);
        // Replay the cookie even though the browser would have dropped it: the server must refuse it too.
        const replay = new HttpClient();
        await replay.setCookie(env.app.url, 'app_session', cookie);
        await expectSentToLogin(replay, env.app);
        // Reading an expired session deletes it, rather than leaving it for the prune timer.
        expect(sessionRowExists(sqlitePath, sid), 'row after the expired session was read').toBe(false);
      } finally {
        await env.close();
      }
    });

    it('F6 absolute timeout: an active session still ends after SESSION_ABSOLUTE_TIMEOUT', async () => {
      const idleMs = 3000;
      const absoluteMs = 6000;
      const env = await startAppWithLocalIdp({
        SESSION_IDLE_TIMEOUT: String(idleMs / 1000),
        SESSION_ABSOLUTE_TIMEOUT: String(absoluteMs / 1000),
      });
      try {
        const client = new HttpClient();
        // The server stamps the login somewhere between these two instants.
        const beforeLogin = Date.now();
        await signIn(client, env.app.url);
        const afterLogin = Date.now();
        let lastAnsweredInside = afterLogin;
        // Active every half second, far inside the idle timeout (cookie expiry has whole-second precision),
        // until a request starts strictly after the absolute timeout.
        for (;;) {
          await sleep(500);
          if (Date.now() > afterLogin + absoluteMs) break;
          const dashboard = await client.get(`${env.app.url}/dashboard`);
          // Answered strictly inside the window: still logged in. Around its end either answer is right.
          if (Date.now() < beforeLogin + absoluteMs) {
            expect(dashboard.status).toBe(200);
            lastAnsweredInside = Date.now();
          }
        }
        expect(lastAnsweredInside - afterLogin, 'activity kept the session past the idle timeout').toBeGreaterThan(idleMs);
        await expectSentToLogin(client, env.app);
      } finally {
        await env.close();
      }
    });
  });

  describe('concurrency', () => {
    it('30 concurrent logins of distinct users each see only their own profile', async () => {
      const accounts = Array.from({ length: 30 }, (_, index) => ({
        id: `auth0|concurrent-${index}`,
        email: `user${index}@example.com`,
        password: `Passw0rd!${index}`,
        name: `Concurrent User ${index}`,
      }));
      const accountsFile = `${tempSqlitePath()}.accounts.json`;
      writeFileSync(accountsFile, JSON.stringify(accounts));
      const port = await freePort();
      const idp = await startTestLocalIdp([port], { accountsFile });
      const app = await startTestApp(idp, { SESSION_STORE: 'sqlite', SESSION_SQLITE_PATH: tempSqlitePath() }, port);
      try {
        const results = await Promise.all(
          accounts.map(async (account) => {
            const client = new HttpClient();
            const callback = await signIn(client, app.url, { email: account.email, password: account.password });
            expect(callback.location).toBe(`${app.url}/dashboard`);
            return { account, dashboard: await client.get(`${app.url}/dashboard`) };
          }),
        );
        for (const { account, dashboard } of results) {
          expect(dashboard.status).toBe(200);
          expect(dashboard.text).toContain(account.email);
          const others = accounts.filter((other) => other !== account && dashboard.text.includes(`${other.email}<`));
          expect(others).toEqual([]);
        }
      } finally {
        await app.close();
        await idp.close();
      }
    });
  });
});
