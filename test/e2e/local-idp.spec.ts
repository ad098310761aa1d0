import { createHash, randomBytes } from 'node:crypto';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalIdp, type LocalIdp, type LocalIdpClient } from '../../src/local-idp/local-idp.server.js';
import { HttpClient, type HttpResult } from '../support/http-client.js';
import { TEST_ACCOUNT } from '../support/login.js';
import { anyString } from '../support/matchers.js';

const CLIENT: LocalIdpClient = {
  clientId: 'e2e-app',
  clientSecret: randomBytes(24).toString('base64url'),
  redirectUris: ['http://app.test/callback'],
  postLogoutRedirectUris: ['http://app.test/'],
};
// The app's AUTH0_ROLES_CLAIM, handed to the sign-in server as main.ts does.
const ROLES_CLAIM = 'https://app.test/roles';
const ADMIN_ACCOUNT = { email: 'admin@example.com', password: 'Passw0rd!' };
interface Authorization {
  state: string;
  nonce: string;
  codeVerifier: string;
}

interface TokenResponse {
  access_token: string;
  id_token: string;
  token_type: string;
  expires_in: number;
  refresh_token?: string;
  scope?: string;
  error?: string;
}

let idp: LocalIdp;

beforeAll(async () => {
  idp = await startLocalIdp({ port: 0, rolesClaim: ROLES_CLAIM, clients: [CLIENT] });
});

afterAll(async () => {
  await idp?.close();
});

const leavesIdp = (next: URL): boolean => next.origin !== idp.origin;

/** Follows redirects while they stay on the sign-in server; `url` is where the last answer points (or was served from). */
async function followOnIdp(client: HttpClient, answer: HttpResult): Promise<{ response: HttpResult; url: URL }> {
  const stays = answer.location !== undefined && !leavesIdp(new URL(answer.location));
  const response = stays ? await client.follow(answer.location as string, { stopAt: leavesIdp }) : answer;
  return { response, url: new URL(response.location ?? response.url) };
}

async function hasIdpSession(client: HttpClient): Promise<boolean> {
  return (await client.cookieValue(idp.origin, '_session')) !== undefined;
}

function newAuthorization(): Authorization {
  return {
    state: randomBytes(16).toString('base64url'),
    nonce: randomBytes(16).toString('base64url'),
    codeVerifier: randomBytes(32).toString('base64url'),
  };
}

function authorizeUrl(auth: Authorization, scope = 'openid profile email', extra: Record<string, string> = {}): string {
  const query = new URLSearchParams({
    ...extra,
    response_type: 'code',
    client_id: CLIENT.clientId,
    redirect_uri: CLIENT.redirectUris[0],
    scope,
    state: auth.state,
    nonce: auth.nonce,
    code_challenge: createHash('sha256').update(auth.codeVerifier).digest('base64url'),
    code_challenge_method: 'S256',
  });
  return `${idp.origin}/authorize?${query}`;
}

/** /authorize up to the login page; returns the page and the path its form posts to. */
async function openLoginPage(client: HttpClient, auth: Authorization, scope?: string) {
  const { response, url } = await followOnIdp(client, await client.get(authorizeUrl(auth, scope)));
  expect(url.pathname).toMatch(/^\/interaction\/[\w-]+$/);
  return { response, html: response.text, interactionPath: url.pathname };
}

/** Signs in and returns the callback URL the browser is sent to. */
async function signIn(client: HttpClient, auth: Authorization, scope?: string, account = TEST_ACCOUNT): Promise<URL> {
  const { interactionPath } = await openLoginPage(client, auth, scope);
  const { url } = await followOnIdp(client, await client.postForm(`${idp.origin}${interactionPath}/login`, account));
  return url;
}

/** A POST to the token endpoint as the client (client_secret_post). */
function tokenRequest(params: Record<string, string>, clientSecret = CLIENT.clientSecret): Promise<Response> {
  return fetch(`${idp.origin}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: CLIENT.clientId, client_secret: clientSecret, ...params }),
  });
}

async function exchangeCode(
  code: string,
  codeVerifier: string,
  clientSecret = CLIENT.clientSecret,
): Promise<{ status: number; body: TokenResponse }> {
  const params = { grant_type: 'authorization_code', code, redirect_uri: CLIENT.redirectUris[0], code_verifier: codeVerifier };
  const response = await tokenRequest(params, clientSecret);
  return { status: response.status, body: (await response.json()) as TokenResponse };
}

describe('local sign-in server (oidc-provider, Auth0-shaped)', () => {
  it('starts on a random port with an Auth0-style issuer', () => {
    expect(idp.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(idp.origin).not.toMatch(/:0$/);
    expect(idp.issuer).toBe(`${idp.origin}/`);
    expect(idp.accounts).toContainEqual({ ...TEST_ACCOUNT, name: 'Test User' });
  });

  it('publishes a discovery document with Auth0 paths and the slash-terminated issuer', async () => {
    const response = await fetch(`${idp.origin}/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    const discovery = (await response.json()) as Record<string, unknown>;
    expect(discovery).toMatchObject({
      issuer: `${idp.origin}/`,
      authorization_endpoint: `${idp.origin}/authorize`,
      token_endpoint: `${idp.origin}/oauth/token`,
      userinfo_endpoint: `${idp.origin}/userinfo`,
      jwks_uri: `${idp.origin}/.well-known/jwks.json`,
      end_session_endpoint: `${idp.origin}/oidc/logout`,
    });
    expect(discovery.token_endpoint_auth_methods_supported).toContain('client_secret_post');
    expect(discovery.id_token_signing_alg_values_supported).toContain('RS256');
    expect(discovery.code_challenge_methods_supported).toEqual(['S256']);
  });

  it('shows an accessible, script-free login page for /authorize', async () => {
    const { response, html } = await openLoginPage(new HttpClient(), newAuthorization());
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/script-src/);
    expect(html).toMatch(/<title>[^<]*Local development sign-in server[^<]*<\/title>/);
    expect(html).toMatch(/<header class="banner">\s*<p><strong>Local development sign-in<\/strong>/);
    expect(html).toContain('<h1>Sign in</h1>');
    expect(html).toMatch(/<form method="post" action="\/interaction\/[\w-]+\/login">/);
    expect(html).toContain('<label for="email">');
    expect(html).toContain('autocomplete="username"');
    expect(html).toContain('autocomplete="current-password"');
    expect(html).toMatch(/<button type="submit"[^>]*>Sign in<\/button>/);
    expect(html).toMatch(/<button type="submit"[^>]*formaction="\/interaction\/[\w-]+\/abort"[^>]*>Cancel<\/button>/);
    expect(html).toContain('<code>user@example.com</code>');
    expect(html).not.toMatch(/<script|https?:\/\/fonts|@import/i);
  });

  it('rejects a wrong password with 401, an alert, the email kept, and no redirect', async () => {
    const client = new HttpClient();
    const { interactionPath } = await openLoginPage(client, newAuthorization());
    const response = await client.postForm(`${idp.origin}${interactionPath}/login`, { email: TEST_ACCOUNT.email, password: 'wrong' });
    expect(response.status).toBe(401);
    expect(response.location).toBeUndefined();
    const html = response.text;
    expect(html).toMatch(/role="alert"[^>]*>Wrong email or password/);
    expect(html).toContain(`value="${TEST_ACCOUNT.email}"`);
    expect(html).toContain('aria-invalid="true"');
  });

  it('escapes what the person typed when re-rendering the form', async () => {
    const client = new HttpClient();
    const { interactionPath } = await openLoginPage(client, newAuthorization());
    const hostile = '"><script>alert(1)</script>@example.com';
    const response = await client.postForm(`${idp.origin}${interactionPath}/login`, { email: hostile, password: 'x' });
    expect(response.status).toBe(401);
    const html = response.text;
    expect(html).not.toContain('<script>');
    expect(html).toContain('value="&#34;&#62;&#60;script&#62;alert(1)&#60;/script&#62;@example.com"');
  });

  it('puts an account’s roles under the configured roles claim, as an Auth0 Action does, never under a plain "roles" claim', async () => {
    const client = new HttpClient();
    const auth = newAuthorization();
    // Only openid: Auth0's Action sets the claim whatever the scope.
    const callback = await signIn(client, auth, 'openid', ADMIN_ACCOUNT);
    const { body } = await exchangeCode(callback.searchParams.get('code') ?? '', auth.codeVerifier);
    const jwks = createRemoteJWKSet(new URL(`${idp.origin}/.well-known/jwks.json`));
    const { payload } = await jwtVerify(body.id_token, jwks, { issuer: `${idp.origin}/`, audience: CLIENT.clientId });
    expect(payload).toMatchObject({ sub: 'auth0|local-admin-user', [ROLES_CLAIM]: ['admin'] });
    expect(payload).not.toHaveProperty('roles');

    const userinfo = await fetch(`${idp.origin}/userinfo`, { headers: { authorization: `Bearer ${body.access_token}` } });
    expect(await userinfo.json()).toMatchObject({ sub: 'auth0|local-admin-user', [ROLES_CLAIM]: ['admin'] });
  });

  it('signs in, issues a verifiable RS256 ID token with Auth0 claims, and serves /userinfo with a Bearer token', async () => {
    const client = new HttpClient();
    const auth = newAuthorization();
    const callback = await signIn(client, auth);
    expect(`${callback.origin}${callback.pathname}`).toBe(CLIENT.redirectUris[0]);
    expect(callback.searchParams.get('state')).toBe(auth.state);
    const code = callback.searchParams.get('code');
    expect(code).toBeTruthy();

    const { status, body } = await exchangeCode(code as string, auth.codeVerifier);
    expect(status).toBe(200);
    expect(body.token_type).toBe('Bearer');
    expect(body.expires_in).toBeGreaterThan(0);
    expect(typeof body.access_token).toBe('string');
    expect(body.refresh_token).toBeUndefined();

    expect(decodeProtectedHeader(body.id_token)).toMatchObject({ alg: 'RS256', kid: anyString() });
    const jwks = createRemoteJWKSet(new URL(`${idp.origin}/.well-known/jwks.json`));
    const { payload } = await jwtVerify(body.id_token, jwks, {
      issuer: `${idp.origin}/`,
      audience: CLIENT.clientId,
      algorithms: ['RS256'],
    });
    expect(payload.iss).toBe(`${idp.origin}/`);
    expect(payload.nonce).toBe(auth.nonce);
    expect(payload).toMatchObject({
      sub: 'auth0|local-test-user',
      name: 'Test User',
      nickname: 'test.user',
      email: 'user@example.com',
      email_verified: true,
    });
    expect(payload.picture).toMatch(/^data:image\/svg\+xml;base64,/);
    const svg = Buffer.from(String(payload.picture).split(',')[1], 'base64').toString('utf8');
    expect(svg).toMatch(/<svg[^>]*>.*<circle.*>TU<\/text><\/svg>$/);
    expect(new Date(String(payload.updated_at)).toISOString()).toBe(payload.updated_at);
    expect(payload).not.toHaveProperty(ROLES_CLAIM);
    expect(payload).not.toHaveProperty('roles');

    const userinfo = await fetch(`${idp.origin}/userinfo`, { headers: { authorization: `Bearer ${body.access_token}` } });
    expect(userinfo.status).toBe(200);
    expect(await userinfo.json()).toMatchObject({
      sub: 'auth0|local-test-user',
      name: 'Test User',
      email: 'user@example.com',
      email_verified: true,
      picture: payload.picture,
    });

    const queryForm = await fetch(`${idp.origin}/userinfo?access_token=${encodeURIComponent(body.access_token)}`);
    expect(queryForm.status).toBeGreaterThanOrEqual(400);
    expect(await queryForm.json()).toMatchObject({ error: anyString() });

    const replay = await exchangeCode(code as string, auth.codeVerifier);
    expect(replay.body.error).toBe('invalid_grant');
  });

  it("maps Auth0's audience to an RS256 JWT access token for that API, carrying the account's permissions", async () => {
    const client = new HttpClient();
    await signIn(client, newAuthorization());
    const auth = newAuthorization();
    const { url } = await followOnIdp(client, await client.get(authorizeUrl(auth, undefined, { audience: 'https://api.example.test' })));
    const { status, body } = await exchangeCode(url.searchParams.get('code') as string, auth.codeVerifier);
    expect(status).toBe(200);
    expect(body.id_token).toBeTruthy();
    expect(decodeProtectedHeader(body.access_token)).toMatchObject({ alg: 'RS256' });
    const { payload } = await jwtVerify(body.access_token, createRemoteJWKSet(new URL(`${idp.origin}/.well-known/jwks.json`)), {
      issuer: idp.issuer,
      audience: 'https://api.example.test',
    });
    expect(payload.permissions).toEqual([]);
  });

  it('refuses a code exchange with the wrong PKCE verifier', async () => {
    const auth = newAuthorization();
    const callback = await signIn(new HttpClient(), auth);
    const { status, body } = await exchangeCode(callback.searchParams.get('code') as string, newAuthorization().codeVerifier);
    expect(status).toBe(400);
    expect(body.error).toBe('invalid_grant');
  });

  it('refuses the token endpoint without the right client secret', async () => {
    const auth = newAuthorization();
    const callback = await signIn(new HttpClient(), auth);
    const { status, body } = await exchangeCode(callback.searchParams.get('code') as string, auth.codeVerifier, 'not-the-secret');
    expect(status).toBe(401);
    expect(body).toMatchObject({ error: 'invalid_client' });
  });

  it('skips the login page (and any consent) while its own session lasts', async () => {
    const client = new HttpClient();
    await signIn(client, newAuthorization());
    const auth = newAuthorization();
    const { response, url } = await followOnIdp(client, await client.get(authorizeUrl(auth)));
    expect(response.status).toBeGreaterThanOrEqual(300);
    expect(`${url.origin}${url.pathname}`).toBe(CLIENT.redirectUris[0]);
    expect(url.searchParams.get('code')).toBeTruthy();
    expect(url.searchParams.get('state')).toBe(auth.state);
  });

  it('issues a refresh token for offline_access and honours grant_type=refresh_token', async () => {
    const auth = newAuthorization();
    const callback = await signIn(new HttpClient(), auth, 'openid profile email offline_access');
    const { body } = await exchangeCode(callback.searchParams.get('code') as string, auth.codeVerifier);
    expect(body.refresh_token).toEqual(expect.any(String));

    const refreshed = await tokenRequest({ grant_type: 'refresh_token', refresh_token: body.refresh_token as string });
    expect(refreshed.status).toBe(200);
    const tokens = (await refreshed.json()) as TokenResponse;
    expect(tokens.access_token).toEqual(expect.any(String));
    expect(tokens.access_token).not.toBe(body.access_token);
  });

  it('sends Cancel back to the app as error=access_denied with the state', async () => {
    const client = new HttpClient();
    const auth = newAuthorization();
    const { interactionPath } = await openLoginPage(client, auth);
    const { url } = await followOnIdp(client, await client.postForm(`${idp.origin}${interactionPath}/abort`, {}));
    expect(`${url.origin}${url.pathname}`).toBe(CLIENT.redirectUris[0]);
    expect(url.searchParams.get('error')).toBe('access_denied');
    expect(url.searchParams.get('error_description')).toBeTruthy();
    expect(url.searchParams.get('state')).toBe(auth.state);
    expect(url.searchParams.get('code')).toBeNull();
  });

  it('answers a forged or stale login post without signing anyone in', async () => {
    const response = await new HttpClient().postForm(`${idp.origin}/interaction/not-a-real-uid/login`, TEST_ACCOUNT);
    expect(response.status).toBe(400);
    expect(response.location).toBeUndefined();
  });

  describe('GET /v2/logout (Auth0 logout)', () => {
    it('ends its own session and redirects to a registered returnTo', async () => {
      const client = new HttpClient();
      await signIn(client, newAuthorization());
      expect(await hasIdpSession(client)).toBe(true);

      const query = new URLSearchParams({ client_id: CLIENT.clientId, returnTo: CLIENT.postLogoutRedirectUris[0] });
      const response = await client.get(`${idp.origin}/v2/logout?${query}`);
      expect(response.status).toBe(302);
      expect(response.location).toBe(CLIENT.postLogoutRedirectUris[0]);
      expect(await hasIdpSession(client)).toBe(false);

      // Signed out: the next /authorize asks for credentials again.
      await openLoginPage(client, newAuthorization());
    });

    it('does not redirect to an unregistered returnTo, and escapes it on the page', async () => {
      const client = new HttpClient();
      await signIn(client, newAuthorization());
      const evil = 'https://evil.test/"><script>x</script>';
      const query = new URLSearchParams({ client_id: CLIENT.clientId, returnTo: evil });
      const response = await client.get(`${idp.origin}/v2/logout?${query}`);
      expect(response.status).toBe(400);
      expect(response.location).toBeUndefined();
      const html = response.text;
      expect(html).toContain('You are signed out');
      expect(html).toContain('https://evil.test/&#34;&#62;&#60;script&#62;x&#60;/script&#62;');
      expect(html).not.toContain('<script>');
      // The session still ends.
      expect(await hasIdpSession(client)).toBe(false);
    });

    it('does not redirect when the client_id does not own the returnTo', async () => {
      const query = new URLSearchParams({ client_id: 'someone-else', returnTo: CLIENT.postLogoutRedirectUris[0] });
      const response = await new HttpClient().get(`${idp.origin}/v2/logout?${query}`);
      expect(response.status).toBe(400);
      expect(response.location).toBeUndefined();
    });
  });

  it('serves its own offline page for OIDC logout at /oidc/logout', async () => {
    const client = new HttpClient();
    await signIn(client, newAuthorization());
    const query = new URLSearchParams({ client_id: CLIENT.clientId, post_logout_redirect_uri: CLIENT.postLogoutRedirectUris[0] });
    const page = await client.get(`${idp.origin}/oidc/logout?${query}`);
    expect(page.status).toBe(200);
    const html = page.text;
    expect(html).toContain('Local development sign-in server');
    expect(html).not.toMatch(/https?:\/\/fonts|@import|<script/i);
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)?.[1];
    expect(xsrf).toBeTruthy();

    const confirm = await client.postForm(`${idp.origin}/oidc/logout/confirm`, { xsrf: xsrf as string, logout: 'yes' });
    expect(confirm.status).toBe(303);
    expect(confirm.location).toBe(CLIENT.postLogoutRedirectUris[0]);
    expect(await hasIdpSession(client)).toBe(false);
  });

  describe('GET /oidc/logout naming the login, as Auth0 does without a prompt', () => {
    /** A login of a new browser, with the ID token its code brought. */
    async function loggedIn(): Promise<{ client: HttpClient; idToken: string; sid: unknown }> {
      const client = new HttpClient();
      const auth = newAuthorization();
      const callback = await signIn(client, auth);
      const { body } = await exchangeCode(callback.searchParams.get('code') ?? '', auth.codeVerifier);
      const { payload } = await jwtVerify(body.id_token, createRemoteJWKSet(new URL(`${idp.origin}/.well-known/jwks.json`)));
      return { client, idToken: body.id_token, sid: payload.sid };
    }
    const logoutQuery = (hint: Record<string, string>) =>
      new URLSearchParams({ client_id: CLIENT.clientId, post_logout_redirect_uri: CLIENT.postLogoutRedirectUris[0], ...hint });

    it('puts the login’s sid in every ID token, as Auth0 does', async () => {
      expect((await loggedIn()).sid).toEqual(anyString());
    });

    it('logout_hint = the login’s sid (with client_id, federated ignored): ends the session, back to the registered URL with state', async () => {
      const { client, sid } = await loggedIn();
      const query = logoutQuery({ logout_hint: String(sid), state: 'opaque-1', federated: '' });
      const response = await client.get(`${idp.origin}/oidc/logout?${query}`);
      expect(response.status).toBe(302);
      expect(response.location).toBe(`${CLIENT.postLogoutRedirectUris[0]}?state=opaque-1`);
      expect(await hasIdpSession(client)).toBe(false);
    });

    it('id_token_hint = an ID token of this login: ends the session without a prompt', async () => {
      const { client, idToken } = await loggedIn();
      const response = await client.get(`${idp.origin}/oidc/logout?${logoutQuery({ id_token_hint: idToken })}`);
      expect(response.status).toBe(302);
      expect(response.location).toBe(CLIENT.postLogoutRedirectUris[0]);
      expect(await hasIdpSession(client)).toBe(false);
    });

    it('a hint that is not this browser’s login (another login’s sid or ID token, a forged one) gets the "Sign out?" page', async () => {
      const { client } = await loggedIn();
      const other = await loggedIn();
      const forged = `${other.idToken.slice(0, other.idToken.lastIndexOf('.'))}.AAAA`;
      const foreignHints: Array<Record<string, string>> = [
        { logout_hint: String(other.sid) },
        { logout_hint: 'guessed' },
        { id_token_hint: other.idToken },
        { id_token_hint: forged },
      ];
      for (const hint of foreignHints) {
        const page = await client.get(`${idp.origin}/oidc/logout?${logoutQuery(hint)}`);
        expect(page.location, JSON.stringify(hint)).toBeUndefined();
        expect([200, 400]).toContain(page.status);
        expect(await hasIdpSession(client)).toBe(true);
      }
    });

    it('a post_logout_redirect_uri the client did not register is not followed, and escaped', async () => {
      const { client, sid } = await loggedIn();
      const query = logoutQuery({ logout_hint: String(sid), post_logout_redirect_uri: 'https://evil.test/"><script>x</script>' });
      const response = await client.get(`${idp.origin}/oidc/logout?${query}`);
      expect(response.status).toBe(400);
      expect(response.location).toBeUndefined();
      expect(response.text).not.toContain('<script>x');
    });
  });

  it('revokes a refresh token at /oauth/revoke (RFC 7009) for its own client only; it refreshes no more', async () => {
    const client = new HttpClient();
    const auth = newAuthorization();
    const callback = await signIn(client, auth, 'openid offline_access');
    const { body } = await exchangeCode(callback.searchParams.get('code') ?? '', auth.codeVerifier);
    const refreshToken = body.refresh_token ?? '';
    const revoke = (clientSecret: string) =>
      fetch(`${idp.origin}/oauth/revoke`, {
        method: 'POST',
        body: new URLSearchParams({
          token: refreshToken,
          token_type_hint: 'refresh_token',
          client_id: CLIENT.clientId,
          client_secret: clientSecret,
        }),
      });
    expect((await revoke('wrong-secret')).status).toBe(401);
    expect((await revoke(CLIENT.clientSecret)).status).toBe(200);
    const refreshed = await tokenRequest({ grant_type: 'refresh_token', refresh_token: refreshToken });
    expect(refreshed.status).toBe(400);
    expect(await refreshed.json()).toMatchObject({ error: 'invalid_grant' });
  });
});
