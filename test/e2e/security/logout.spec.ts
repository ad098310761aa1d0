// Attack cases H: RP-initiated logout ends the local session before leaving for the IdP: Auth0's
// /oidc/logout (OpenID Connect RP-Initiated Logout 1.0) by default, its /v2/logout when configured.
// H2 (back-channel logout) has its own suites in test/e2e/backchannel/.
import { describe, expect, it } from 'vitest';
import { attemptLogin, expectErrorPage, expectLoggedIn, expectNoSession, expectSession, useAttackEnv } from '../../support/attack.js';
import { DEFAULT_ACCOUNT } from '../../support/hostile-idp/index.js';
import { HttpClient, type HttpResult } from '../../support/http-client.js';
import { storedState } from '../../support/stored.js';

const IDP_SESSION_ID = 'idp-login-0f3c9a';

/** The IdP logout URL a logout answered with: its endpoint and every parameter (each must appear once). */
function idpLogoutOf(logout: HttpResult): { endpoint: string; parameters: Record<string, string> } {
  expect(logout.status).toBe(302);
  const url = new URL(logout.location ?? '');
  const names = [...url.searchParams.keys()];
  expect(new Set(names).size, 'no parameter twice').toBe(names.length);
  return { endpoint: `${url.origin}${url.pathname}`, parameters: Object.fromEntries(url.searchParams) };
}

describe('H. logout', () => {
  const env = useAttackEnv();

  async function loggedInClient(): Promise<HttpClient> {
    env.idp.behave({ idToken: { claims: { sid: IDP_SESSION_ID } } });
    const client = new HttpClient();
    await expectLoggedIn(client, env.app.url, await attemptLogin(client, env.app.url));
    return client;
  }

  it('H1 POST /logout destroys the local session before redirecting to /oidc/logout with client_id, the fixed return address and the login’s sid', async () => {
    const client = await loggedInClient();
    const cookie = (await client.cookieValue(env.app.url, env.cookieName)) ?? '';
    const stored = storedState(env.app);
    const session = await stored.session(await stored.sessionIdOf(client));
    expect(session?.idpSessionId, 'the session keeps the login’s sid').toBe(IDP_SESSION_ID);
    expect(session?.idToken, 'and not the ID token').toBeUndefined();

    const logout = await client.postForm(`${env.app.url}/logout`, {});
    expect(logout.headers.get('cache-control')).toBe('no-store');
    expect(logout.headers.getSetCookie().some((setCookie) => setCookie.startsWith(`${env.cookieName}=;`))).toBe(true);
    expect(idpLogoutOf(logout)).toEqual({
      endpoint: `${env.idp.origin}/oidc/logout`,
      parameters: { client_id: env.idp.clientId, post_logout_redirect_uri: `${env.app.url}/`, logout_hint: IDP_SESSION_ID },
    });
    // logout_hint instead of the ID token: nothing about the person is in the URL.
    for (const personal of [DEFAULT_ACCOUNT.email, DEFAULT_ACCOUNT.name, DEFAULT_ACCOUNT.sub]) {
      expect(typeof personal).toBe('string');
      expect(decodeURIComponent(logout.location ?? '')).not.toContain(personal);
    }

    // The redirect is not followed yet: the server-side session must already be gone, not just the cookie.
    const replayed = new HttpClient();
    await replayed.setCookie(env.app.url, env.cookieName, cookie);
    await expectNoSession(replayed, env.app.url);
    await expectNoSession(client, env.app.url);

    const backHome = await client.get(logout.location ?? '');
    expect(backHome.status).toBe(302);
    expect(backHome.location).toBe(`${env.app.url}/`);
    const idpCalls = env.idp.calls('logout');
    expect(idpCalls.map((call) => call.path)).toEqual(['/oidc/logout']);
  });

  it('H1 a login whose ID token had no sid logs out without a logout_hint', async () => {
    const client = new HttpClient();
    await expectLoggedIn(client, env.app.url, await attemptLogin(client, env.app.url));
    expect(idpLogoutOf(await client.postForm(`${env.app.url}/logout`, {})).parameters).toEqual({
      client_id: env.idp.clientId,
      post_logout_redirect_uri: `${env.app.url}/`,
    });
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
    expect(idpLogoutOf(await new HttpClient().postForm(`${env.app.url}/logout`, {})).parameters).toEqual({
      client_id: env.idp.clientId,
      post_logout_redirect_uri: `${env.app.url}/`,
    });
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

describe('H. logout through /v2/logout (AUTH0_LOGOUT_ENDPOINT=v2), federated (AUTH0_LOGOUT_FEDERATED=true)', () => {
  const env = useAttackEnv({ AUTH0_LOGOUT_ENDPOINT: 'v2', AUTH0_LOGOUT_FEDERATED: 'true' });

  it('H1 POST /logout redirects to /v2/logout with client_id, returnTo and federated: no OIDC parameter, no hint', async () => {
    env.idp.behave({ idToken: { claims: { sid: IDP_SESSION_ID } } });
    const client = new HttpClient();
    await expectLoggedIn(client, env.app.url, await attemptLogin(client, env.app.url));
    const logout = await client.postForm(`${env.app.url}/logout`, {});
    expect(idpLogoutOf(logout)).toEqual({
      endpoint: `${env.idp.origin}/v2/logout`,
      parameters: { client_id: env.idp.clientId, returnTo: `${env.app.url}/`, federated: '' },
    });
    await expectNoSession(client, env.app.url);
    expect((await client.get(logout.location ?? '')).location).toBe(`${env.app.url}/`);
  });
});

describe('H. logout with the ID token as hint (AUTH0_LOGOUT_ID_TOKEN_HINT=true)', () => {
  const env = useAttackEnv({ AUTH0_LOGOUT_ID_TOKEN_HINT: 'true' });

  it('H1 POST /logout sends the login’s ID token as id_token_hint (and no logout_hint); only then does the session keep it', async () => {
    let issued: string | undefined;
    env.idp.behave({
      idToken: { claims: { sid: IDP_SESSION_ID } },
      token: {
        body: (normal) => {
          issued = normal.id_token;
          return normal;
        },
      },
    });
    const client = new HttpClient();
    await expectLoggedIn(client, env.app.url, await attemptLogin(client, env.app.url));
    expect(issued).toBeDefined();
    const stored = storedState(env.app);
    expect((await stored.session(await stored.sessionIdOf(client)))?.idToken).toBe(issued);
    expect(idpLogoutOf(await client.postForm(`${env.app.url}/logout`, {}))).toEqual({
      endpoint: `${env.idp.origin}/oidc/logout`,
      parameters: { client_id: env.idp.clientId, post_logout_redirect_uri: `${env.app.url}/`, id_token_hint: issued },
    });
  });
});
