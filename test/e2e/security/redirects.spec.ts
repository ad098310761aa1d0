// Attack cases G: after login and logout the browser only goes where configuration says,
// and the callback address (which carries the code) leaks nowhere.
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { attemptLogin, callbackUrlFor, expectLoggedIn, useAttackEnv } from '../../support/attack.js';
import { HttpClient } from '../../support/http-client.js';

// Attack case G1: open-redirect payloads, including those of the advisory GHSA-7p99-3798-f85c.
const OPEN_REDIRECT_PAYLOADS = [
  'https://evil.test',
  '//evil.test',
  '///evil.test',
  '/\\evil.test',
  '\\\\evil.test',
  'https:evil.test',
  '%2F%2Fevil.test',
  '/%2F/evil.test',
  '/%09/evil.test',
  '/%5Cevil.test',
  'javascript:alert(1)',
  ' //evil.test',
  '/\t/evil.test',
];

/** Sends a request line exactly as written (fetch and http.request would normalise `//evil.test`). */
function rawGet(appUrl: string, target: string): Promise<string> {
  const { hostname, port } = new URL(appUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      socket.write(`GET ${target} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nAccept: text/html\r\nConnection: close\r\n\r\n`);
    });
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}

describe('G. redirects and leakage', () => {
  const env = useAttackEnv();

  describe('G1 open redirect via returnTo', () => {
    for (const payload of OPEN_REDIRECT_PAYLOADS) {
      it(`G1 /login?returnTo=${JSON.stringify(payload)} lands on /dashboard after login`, async () => {
        const client = new HttpClient();
        const result = await attemptLogin(client, env.app.url, `?returnTo=${encodeURIComponent(payload)}`);
        await expectLoggedIn(client, env.app.url, result, '/dashboard');
      });
    }

    it('G1 a same-origin path with its query survives login', async () => {
      const client = new HttpClient();
      const result = await attemptLogin(client, env.app.url, `?returnTo=${encodeURIComponent('/dashboard?tab=profile')}`);
      await expectLoggedIn(client, env.app.url, result, '/dashboard?tab=profile');
    });

    it('G1 a protected route captured with an off-site-looking query stays a same-origin path', async () => {
      const client = new HttpClient();
      const guarded = await client.get(`${env.app.url}/dashboard?next=//evil.test`);
      expect(guarded.status).toBe(302);
      const login = new URL(guarded.location ?? '');
      expect(login.origin).toBe(env.app.url);
      expect(login.searchParams.get('returnTo')).toBe('/dashboard?next=//evil.test');
      const callback = await client.get(await callbackUrlFor(client, env.app.url, login.search));
      expect(new URL(callback.location ?? '').origin).toBe(env.app.url);
    });

    for (const target of ['//evil.test', '//evil.test/dashboard', '/\\evil.test', '//evil.test/%2e%2e/dashboard']) {
      it(`G1 raw request-target ${target}: no off-site Location, no 500`, async () => {
        const answer = await rawGet(env.app.url, target);
        const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1]);
        expect(status).toBeGreaterThanOrEqual(200);
        expect(status).toBeLessThan(500);
        const location = /^location: (.*)$/im.exec(answer)?.[1]?.trim();
        if (location !== undefined) expect(new URL(location, env.app.url).origin).toBe(env.app.url);
        expect(answer).not.toMatch(/returnTo=%2F%2Fevil/i);
      });
    }
  });

  describe('G2 logout target', () => {
    it('G2 POST /logout?returnTo=https://evil.test (and in the body) is ignored: the fixed return address is used', async () => {
      const client = new HttpClient();
      await expectLoggedIn(client, env.app.url, await attemptLogin(client, env.app.url));
      const logout = await client.postForm(`${env.app.url}/logout?returnTo=https://evil.test`, { returnTo: 'https://evil.test' });
      expect(logout.status).toBe(302);
      const idpLogout = new URL(logout.location ?? '');
      expect(`${idpLogout.origin}${idpLogout.pathname}`).toBe(`${env.idp.origin}/oidc/logout`);
      expect(idpLogout.searchParams.getAll('post_logout_redirect_uri')).toEqual([`${env.app.url}/`]);
      expect(idpLogout.searchParams.has('returnTo')).toBe(false);
      expect(logout.location).not.toContain('evil.test');
    });

    it('G2 GET /logout?returnTo=https://evil.test shows the confirmation page and redirects nowhere', async () => {
      const client = new HttpClient();
      await expectLoggedIn(client, env.app.url, await attemptLogin(client, env.app.url));
      const page = await client.get(`${env.app.url}/logout?returnTo=https://evil.test`);
      expect(page.status).toBe(200);
      expect(page.text).not.toContain('evil.test');
    });
  });

  describe('G3 referrer and code leakage', () => {
    it('G3 /callback answers with an immediate 302 and no third-party content; Referrer-Policy on callback and dashboard', async () => {
      const client = new HttpClient();
      const callback = await client.get(await callbackUrlFor(client, env.app.url));
      expect(callback.status).toBe(302);
      expect(callback.headers.get('referrer-policy')).toBe('no-referrer');
      expect(callback.text).not.toMatch(/<(?:img|script|link|iframe)\b/i);
      expect(callback.text).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)/);
      expect(callback.location).toBe(`${env.app.url}/dashboard`);
      const dashboard = await client.get(`${env.app.url}/dashboard`);
      expect(dashboard.status).toBe(200);
      expect(dashboard.headers.get('referrer-policy')).toBe('no-referrer');
    });

    it('G3 the error page for a failed callback carries Referrer-Policy too (it is rendered at the code-bearing URL)', async () => {
      env.idp.behave({ idToken: { signing: 'none' } });
      const client = new HttpClient();
      const result = await attemptLogin(client, env.app.url);
      expect(result.status).toBe(401);
      expect(result.headers.get('referrer-policy')).toBe('no-referrer');
    });
  });
});
