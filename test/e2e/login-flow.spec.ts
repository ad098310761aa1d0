import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppWithLocalIdp } from '../support/app.js';
import { HttpClient } from '../support/http-client.js';
import { loginFormAction, openSignInPage, signIn, submitSignIn, TEST_ACCOUNT } from '../support/login.js';

describe('login flow against the local sign-in server', () => {
  let env: Awaited<ReturnType<typeof startAppWithLocalIdp>>;

  beforeAll(async () => {
    env = await startAppWithLocalIdp();
  });
  afterAll(async () => {
    await env.close();
  });

  it('walks login, dashboard, logout, and the old cookie no longer works', async () => {
    const client = new HttpClient();
    const home = await client.get(`${env.app.url}/`);
    expect(home.status).toBe(200);
    expect(home.text).toContain('id="qsLoginBtn"');

    const callback = await signIn(client, env.app.url);
    expect(callback.status).toBe(302);
    expect(callback.location).toBe(`${env.app.url}/dashboard`);

    const dashboard = await client.get(`${env.app.url}/dashboard`);
    expect(dashboard.status).toBe(200);
    expect(dashboard.text).toContain('Test User');
    expect(dashboard.text).toContain('user@example.com');
    expect(dashboard.text).toContain('id="qsLogoutBtn"');
    expect(dashboard.text).toContain('&quot;sub&quot;: &quot;auth0|local-test-user&quot;');
    expect(dashboard.headers.get('cache-control')).toBe('no-store');

    const cookieName = env.app.config.session.cookieName;
    const oldCookie = await client.cookieValue(env.app.url, cookieName);
    expect(oldCookie).toBeDefined();

    const logout = await client.postForm(`${env.app.url}/logout`, {});
    expect(logout.status).toBe(302);
    const idpLogout = new URL(logout.location ?? '');
    expect(`${idpLogout.origin}${idpLogout.pathname}`).toBe(`${env.idp.origin}/oidc/logout`);
    expect(idpLogout.searchParams.get('post_logout_redirect_uri')).toBe(`${env.app.url}/`);
    expect(idpLogout.searchParams.get('client_id')).toBe(env.idp.clientId);
    expect(idpLogout.searchParams.get('logout_hint')).toMatch(/^\S+$/);
    const backHome = await client.follow(logout.location ?? '');
    expect(backHome.url).toBe(`${env.app.url}/`);

    const replayed = new HttpClient();
    await replayed.setCookie(env.app.url, cookieName, oldCookie ?? '');
    const rejected = await replayed.get(`${env.app.url}/dashboard`);
    expect(rejected.status).toBe(302);
    expect(rejected.location).toBe(`${env.app.url}/login?returnTo=%2Fdashboard`);
  });

  it('honours a same-origin returnTo and ignores a foreign one', async () => {
    const client = new HttpClient();
    const local = await signIn(client, env.app.url, undefined, '/dashboard?tab=profile');
    expect(local.location).toBe(`${env.app.url}/dashboard?tab=profile`);

    const other = new HttpClient();
    const foreign = await signIn(other, env.app.url, undefined, '//evil.test/steal');
    expect(foreign.location).toBe(`${env.app.url}/dashboard`);
  });

  it.each([
    ['the older tab', 'first'],
    ['the newer tab', 'last'],
  ])('logs in from two tabs of one browser when %s finishes first, each back to its own page', async (_, order) => {
    const client = new HttpClient();
    const reports = await openSignInPage(client, env.app.url, '/dashboard?tab=reports');
    const profile = await openSignInPage(client, env.app.url, '/dashboard?tab=profile');
    const tabs = [
      { page: reports, returnTo: '/dashboard?tab=reports' },
      { page: profile, returnTo: '/dashboard?tab=profile' },
    ];
    for (const tab of order === 'first' ? tabs : tabs.reverse()) {
      const callback = await submitSignIn(client, env.app.url, tab.page);
      expect(callback.status, callback.text.slice(0, 200)).toBe(302);
      expect(callback.location).toBe(`${env.app.url}${tab.returnTo}`);
      expect((await client.get(`${env.app.url}/dashboard`)).status).toBe(200);
    }
  });

  it('shows an escaped error page with a retry link when the user cancels', async () => {
    const client = new HttpClient();
    const page = await openSignInPage(client, env.app.url);
    const cancelled = await client.postForm(loginFormAction(page).replace(/\/login$/, '/abort'), {});
    const result = await client.follow(cancelled.location ?? '');
    expect(result.status).toBe(400);
    expect(result.text).toContain('Login was cancelled');
    expect(result.text).toContain('href="/login"');
    const dashboard = await client.get(`${env.app.url}/dashboard`);
    expect(dashboard.status).toBe(302);
  });

  it('rejects a callback whose state does not match with a 400 page', async () => {
    const client = new HttpClient();
    await client.get(`${env.app.url}/login`);
    const result = await client.get(`${env.app.url}/callback?code=forged&state=not-the-one`);
    expect(result.status).toBe(400);
    expect(result.headers.get('content-type')).toContain('text/html');
    expect(result.text).toContain('Your login request expired');
  });

  it('shows a 502 page when the sign-in server is down at the code exchange, and keeps serving', async () => {
    const down = await startAppWithLocalIdp();
    const client = new HttpClient();
    const page = await openSignInPage(client, down.app.url);
    const approved = await client.postForm(loginFormAction(page), TEST_ACCOUNT);
    const callbackUrl = await client.follow(approved.location ?? '', { stopAt: (next) => next.pathname === '/callback' });
    await down.idp.close();
    try {
      const result = await client.get(callbackUrl.location ?? '');
      expect(result.status).toBe(502);
      expect(result.text).toContain('The sign-in service is not responding properly');
      expect(result.text).toContain('href="/login"');
      expect((await client.get(`${down.app.url}/dashboard`)).status).toBe(302);
      expect((await fetch(`${down.app.url}/healthz`)).status).toBe(200);
    } finally {
      await down.app.close();
    }
  });

  it('answers the callback at the path of AUTH0_CALLBACK_URL', async () => {
    const custom = await startAppWithLocalIdp({}, '/auth/callback');
    try {
      const client = new HttpClient();
      const page = await openSignInPage(client, custom.app.url);
      const approved = await client.postForm(loginFormAction(page), TEST_ACCOUNT);
      const toCallback = await client.follow(approved.location ?? '', { stopAt: (next) => next.pathname === '/auth/callback' });
      const callback = await client.get(toCallback.location ?? '');
      expect(callback.status).toBe(302);
      expect(callback.location).toBe(`${custom.app.url}/dashboard`);
      expect((await client.get(`${custom.app.url}/dashboard`)).status).toBe(200);
    } finally {
      await custom.close();
    }
  });

  it('answers JSON 401 to an API client and a login redirect to a browser', async () => {
    const client = new HttpClient();
    const api = await client.get(`${env.app.url}/dashboard`, { accept: 'application/json' });
    expect(api.status).toBe(401);
    expect(JSON.parse(api.text)).toMatchObject({ statusCode: 401 });
    const browser = await client.get(`${env.app.url}/dashboard`);
    expect(browser.status).toBe(302);
  });
});
