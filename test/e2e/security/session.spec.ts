// Attack cases F, the parts about what the browser holds: cookie attributes (F2), session id
// entropy (F7), no tokens or ids in URLs or pages (F8), no caching (F9). Fixation, tampering,
// reuse after logout and the timeouts (F1, F3-F6) are in test/e2e/sessions/.
import { describe, expect, it } from 'vitest';
import type { TestApp } from '../../support/app.js';
import {
  attemptLogin,
  beginLogin,
  callbackUrlFor,
  expectLoggedIn,
  expectNoSession,
  expectRejectedLogin,
  FORWARDED_HTTPS,
  useAttackEnv,
  useTlsProxyEnv,
} from '../../support/attack.js';
import type { TokenResponse } from '../../support/hostile-idp/index.js';
import { HttpClient, type HttpResult } from '../../support/http-client.js';
import { sessionIdOf } from '../../support/session-cookie.js';
import { storedState } from '../../support/stored.js';

const SESSION_COUNT = 1000;

function storedSessions(app: TestApp): Promise<string> {
  return storedState(app).allSessions();
}

describe('F. session (browser side)', () => {
  const env = useAttackEnv();

  it('F2 the post-login session cookie stays small (≤ 4096 bytes) even with a large profile', async () => {
    env.idp.behave({ account: { bio: 'b'.repeat(20_000) } });
    const client = new HttpClient();
    const callback = await attemptLogin(client, env.app.url);
    await expectLoggedIn(client, env.app.url, callback);
    const setCookie = callback.headers.getSetCookie().find((cookie) => cookie.startsWith(`${env.cookieName}=`)) ?? '';
    expect(setCookie).not.toBe('');
    expect(Buffer.byteLength(setCookie)).toBeLessThanOrEqual(4096);
  });

  it(`F7 ${SESSION_COUNT} sessions get unique ids of at least 128 bits`, async () => {
    const ids = new Set<string>();
    const batch = 50;
    for (let start = 0; start < SESSION_COUNT; start += batch) {
      const cookies = await Promise.all(
        Array.from({ length: batch }, async () => {
          const client = new HttpClient();
          await beginLogin(client, env.app.url);
          return (await client.cookieValue(env.app.url, env.cookieName)) ?? '';
        }),
      );
      for (const cookie of cookies) ids.add(sessionIdOf(cookie));
    }
    expect(ids.size).toBe(SESSION_COUNT);
    for (const id of ids) {
      expect(id).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(id.length * 6).toBeGreaterThanOrEqual(128);
    }
  });

  it('F8 tokens never reach the browser or the session store; no code, token or session id in URLs or pages', async () => {
    let issued: TokenResponse | undefined;
    env.idp.behave({
      token: {
        body: (normal) => {
          issued = { ...normal, refresh_token: 'refresh-token-value-never-to-be-seen' };
          return issued;
        },
      },
    });
    const client = new HttpClient();
    const callbackUrl = await callbackUrlFor(client, env.app.url);
    const code = new URL(callbackUrl).searchParams.get('code') ?? '';
    const seen: HttpResult[] = [await client.get(callbackUrl)];
    await expectLoggedIn(client, env.app.url, seen[0]);
    const sessionId = sessionIdOf((await client.cookieValue(env.app.url, env.cookieName)) ?? '');
    for (const path of ['/dashboard', '/', '/logout', '/dashboard?tab=profile']) seen.push(await client.get(`${env.app.url}${path}`));

    const secrets = [issued?.access_token, issued?.id_token, 'refresh-token-value-never-to-be-seen'];
    expect(secrets.every((secret) => typeof secret === 'string' && secret.length > 0)).toBe(true);
    for (const page of seen) {
      const visible = `${page.location ?? ''}\n${[...page.headers].map(([name, value]) => `${name}: ${value}`).join('\n')}\n${page.text}`;
      for (const secret of [...secrets, code, sessionId]) {
        const where = `${page.url}: headers, Location or body`;
        if (secret === sessionId) expect(`${page.location ?? ''}\n${page.text}`, where).not.toContain(secret);
        else expect(visible, where).not.toContain(secret);
      }
    }
    const stored = await storedSessions(env.app);
    for (const secret of secrets) expect(stored).not.toContain(secret);
    expect(stored).toContain('auth0|hostile-user');
  });

  describe('F9 no caching of per-user responses', () => {
    it('F9 /login, /callback, /dashboard, /logout (GET and POST) and error pages answer Cache-Control: no-store', async () => {
      const client = new HttpClient();
      const login = await client.get(`${env.app.url}/login`);
      const callback = await client.get(await callbackUrlFor(client, env.app.url));
      await expectLoggedIn(client, env.app.url, callback);
      const dashboard = await client.get(`${env.app.url}/dashboard`);
      const confirmLogout = await client.get(`${env.app.url}/logout`);
      const logout = await client.postForm(`${env.app.url}/logout`, {});
      const failed = await new HttpClient().get(`${env.app.url}/callback?code=a&state=b`);
      for (const result of [login, callback, dashboard, confirmLogout, logout, failed]) {
        expect(result.headers.get('cache-control'), result.url).toBe('no-store');
      }
    });

    it('F9 the back button after logout shows no data: /dashboard sends to login', async () => {
      const client = new HttpClient();
      const dashboard = await expectLoggedIn(client, env.app.url, await attemptLogin(client, env.app.url));
      expect(dashboard.text).toContain('hostile.user@example.com');
      await client.postForm(`${env.app.url}/logout`, {});
      await expectNoSession(client, env.app.url);
    });

    it('F9 a rejected login page is not cached either', async () => {
      env.idp.behave({ idToken: { signing: 'none' } });
      const client = new HttpClient();
      await expectRejectedLogin(client, env.app.url, await attemptLogin(client, env.app.url), 401);
    });
  });
});

describe('F2 cookie attributes with an https BASE_URL', () => {
  const proxied = useTlsProxyEnv();

  it('F2 Secure, HttpOnly, SameSite=Lax, __Host- name, Path=/, no Domain', async () => {
    const login = await new HttpClient().get(`${proxied.app.url}/login`, FORWARDED_HTTPS);
    expect(login.status).toBe(302);
    const [cookie, ...others] = login.headers.getSetCookie();
    expect(others).toEqual([]);
    expect(cookie).toMatch(/^__Host-app_session=s%3A/);
    const attributes = (cookie ?? '')
      .split(/;\s*/)
      .slice(1)
      .map((attribute) => attribute.split('=')[0]?.toLowerCase());
    expect(attributes).toEqual(expect.arrayContaining(['path', 'httponly', 'secure', 'samesite']));
    expect(cookie).toMatch(/; Path=\/(;|$)/);
    expect(cookie).toMatch(/; SameSite=Lax(;|$)/);
    expect(attributes).not.toContain('domain');
    expect(Buffer.byteLength(cookie ?? '')).toBeLessThanOrEqual(4096);
  });
});
