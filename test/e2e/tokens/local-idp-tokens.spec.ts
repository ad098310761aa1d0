// The local sign-in server issues what Auth0 does for an API: RS256 JWT access tokens for the audience
// with the account's permissions, and rotating refresh tokens; with a short lifetime the dashboard renews them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ROLES_CLAIM } from '../../../src/config/environment.schema.js';
import { type LocalIdp, startLocalIdp } from '../../../src/local-idp/local-idp.server.js';
import { startTestApp, TEST_CLIENT, type TestApp } from '../../support/app.js';
import { HttpClient } from '../../support/http-client.js';
import { ADMIN_ACCOUNT, signIn, TEST_ACCOUNT } from '../../support/login.js';
import { freePort } from '../../support/ports.js';
import { storedState } from '../../support/stored.js';
import { API_AUDIENCE, OFFLINE_SCOPE } from './api-tokens.js';

describe('API tokens from the local sign-in server', () => {
  let idp: LocalIdp;
  let app: TestApp;

  beforeAll(async () => {
    const port = await freePort();
    idp = await startLocalIdp({
      port: 0,
      rolesClaim: DEFAULT_ROLES_CLAIM,
      // Under the app's one-minute margin: every view of the dashboard renews the token.
      apiAccessTokenTtlSeconds: 30,
      clients: [{ ...TEST_CLIENT, redirectUris: [`http://127.0.0.1:${port}/callback`], postLogoutRedirectUris: [`http://127.0.0.1:${port}/`] }],
    });
    app = await startTestApp({ ...TEST_CLIENT, origin: idp.origin }, { AUTH0_AUDIENCE: API_AUDIENCE, AUTH0_SCOPE: OFFLINE_SCOPE }, port);
  });
  afterAll(async () => {
    await app.close();
    await idp.close();
  });

  async function storedRefreshToken(client: HttpClient): Promise<string | undefined> {
    const stored = storedState(app);
    return (await stored.tokens(await stored.sessionIdOf(client)))?.refreshToken;
  }

  it('admin@: the dashboard shows the audience and read:invoices, renews the token on each view with a rotated refresh token; /invoices opens', async () => {
    const client = new HttpClient();
    expect((await signIn(client, app.url, ADMIN_ACCOUNT)).status).toBe(302);
    const first = await storedRefreshToken(client);
    expect(first).toBeDefined();

    const dashboard = await client.get(`${app.url}/dashboard`);
    expect(dashboard.status).toBe(200);
    expect(dashboard.text).toContain(`<code id="accessTokenAudience">${API_AUDIENCE}</code>`);
    expect(dashboard.text).toContain('<code>read:invoices</code>');
    const second = await storedRefreshToken(client);
    expect(second).toBeDefined();
    expect(second).not.toBe(first);

    expect((await client.get(`${app.url}/dashboard`)).status).toBe(200);
    expect(await storedRefreshToken(client)).not.toBe(second);
    expect((await client.get(`${app.url}/invoices`)).status).toBe(200);
  });

  it('user@ has no read:invoices: /invoices is a 403', async () => {
    const client = new HttpClient();
    expect((await signIn(client, app.url, TEST_ACCOUNT)).status).toBe(302);
    expect((await client.get(`${app.url}/invoices`)).status).toBe(403);
  });

  it('J3 logout revokes the refresh token at the sign-in server’s /oauth/revoke: it refreshes no more', async () => {
    const client = new HttpClient();
    expect((await signIn(client, app.url, TEST_ACCOUNT)).status).toBe(302);
    const refreshToken = (await storedRefreshToken(client)) ?? '';
    expect(refreshToken).not.toBe('');

    expect((await client.postForm(`${app.url}/logout`, {})).status).toBe(302);
    const refresh = await fetch(`${idp.origin}/oauth/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
        client_id: TEST_CLIENT.clientId,
        client_secret: TEST_CLIENT.clientSecret,
      }),
    });
    expect(refresh.status).toBe(400);
    expect(await refresh.json()).toMatchObject({ error: 'invalid_grant' });
  });
});
