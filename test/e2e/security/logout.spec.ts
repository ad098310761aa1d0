// Attack cases H: RP-initiated logout ends the local session before leaving for the IdP.
// H2 (back-channel logout) has its own suites in test/e2e/backchannel/.
import { describe, expect, it } from 'vitest';
import { attemptLogin, expectErrorPage, expectLoggedIn, expectNoSession, expectSession, useAttackEnv } from '../../support/attack.js';
import { HttpClient } from '../../support/http-client.js';

describe('H. logout', () => {
  const env = useAttackEnv();

  async function loggedInClient(): Promise<HttpClient> {
    const client = new HttpClient();
    await expectLoggedIn(client, env.app.url, await attemptLogin(client, env.app.url));
    return client;
  }

  it('H1 POST /logout destroys the local session before redirecting to the IdP with the fixed return address', async () => {
    const client = await loggedInClient();
    const cookie = (await client.cookieValue(env.app.url, env.cookieName)) ?? '';

    const logout = await client.postForm(`${env.app.url}/logout`, {});
    expect(logout.status).toBe(302);
    expect(logout.headers.get('cache-control')).toBe('no-store');
    expect(logout.headers.getSetCookie().some((setCookie) => setCookie.startsWith(`${env.cookieName}=;`))).toBe(true);
    const idpLogout = new URL(logout.location ?? '');
    expect(`${idpLogout.origin}${idpLogout.pathname}`).toBe(`${env.idp.origin}/v2/logout`);
    expect(Object.fromEntries(idpLogout.searchParams)).toEqual({ client_id: env.idp.clientId, returnTo: `${env.app.url}/` });

    // The redirect is not followed yet: the server-side session must already be gone, not just the cookie.
    const replayed = new HttpClient();
    await replayed.setCookie(env.app.url, env.cookieName, cookie);
    await expectNoSession(replayed, env.app.url);
    await expectNoSession(client, env.app.url);

    const backHome = await client.get(logout.location ?? '');
    expect(backHome.status).toBe(302);
    expect(backHome.location).toBe(`${env.app.url}/`);
    const idpCalls = env.idp.calls('logout');
    expect(idpCalls.map((call) => ({ path: call.path, query: Object.fromEntries(call.query) }))).toEqual([
      { path: '/v2/logout', query: { client_id: env.idp.clientId, returnTo: `${env.app.url}/` } },
    ]);
  });

  it('H1 GET /logout (e.g. a cross-site link or image) does not log out: it only shows a confirmation form', async () => {
    const client = await loggedInClient();
    const page = await client.get(`${env.app.url}/logout`);
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.text).toMatch(/<form[^>]+method="post"[^>]+action="\/logout"/);
    await expectSession(client, env.app.url);
  });

  it('H1 coming back from the IdP with no state or a foreign state is handled gracefully', async () => {
    const client = await loggedInClient();
    await client.postForm(`${env.app.url}/logout`, {});
    for (const query of ['', '?state=foreign', '?state=%3Cscript%3Ealert(1)%3C%2Fscript%3E&error=x']) {
      const home = await client.get(`${env.app.url}/${query}`);
      expect(home.status).toBe(200);
      expect(home.text).toContain('id="qsLoginBtn"');
      expect(home.text).not.toContain('<script>alert(1)');
    }
  });

  it('H1 an anonymous POST /logout still answers a clean redirect, never a 500', async () => {
    const logout = await new HttpClient().postForm(`${env.app.url}/logout`, {});
    expect(logout.status).toBe(302);
    expect(new URL(logout.location ?? '').searchParams.get('returnTo')).toBe(`${env.app.url}/`);
  });

  it('H2 back-channel logout answers only at POST /backchannel-logout: a forged token is a bare 400, other paths 404', async () => {
    const client = await loggedInClient();
    const forged = await client.request(`${env.app.url}/backchannel-logout`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'logout_token=x',
    });
    expect(forged.status).toBe(400);
    expect(JSON.parse(forged.text)).toEqual({ error: 'invalid_request' });
    await expectSession(client, env.app.url);
    const elsewhere = await client.request(`${env.app.url}/logout/backchannel`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'logout_token=x',
    });
    expectErrorPage(elsewhere, 404);
  });
});
