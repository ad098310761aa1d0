// H1 through the local sign-in server, on each logout setting: POST /logout sends the browser to the
// server's /oidc/logout (the login's sid, or its ID token, as hint) or /v2/logout, which ends the
// server's own session without asking and comes back to BASE_URL/; the next login asks for the password again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RawEnvironment } from '../../src/config/environment.schema.js';
import { startAppWithLocalIdp } from '../support/app.js';
import { expectNoSession } from '../support/attack.js';
import { loggedInClient, loginFormAction, openSignInPage } from '../support/login.js';

const SETTINGS: Array<[title: string, environment: RawEnvironment, endpoint: string, parameters: string[]]> = [
  ['the default (/oidc/logout with logout_hint)', {}, '/oidc/logout', ['client_id', 'post_logout_redirect_uri', 'logout_hint']],
  [
    'AUTH0_LOGOUT_ID_TOKEN_HINT=true',
    { AUTH0_LOGOUT_ID_TOKEN_HINT: 'true' },
    '/oidc/logout',
    ['client_id', 'post_logout_redirect_uri', 'id_token_hint'],
  ],
  [
    'AUTH0_LOGOUT_FEDERATED=true',
    { AUTH0_LOGOUT_FEDERATED: 'true' },
    '/oidc/logout',
    ['client_id', 'post_logout_redirect_uri', 'logout_hint', 'federated'],
  ],
  ['AUTH0_LOGOUT_ENDPOINT=v2', { AUTH0_LOGOUT_ENDPOINT: 'v2' }, '/v2/logout', ['client_id', 'returnTo']],
];

describe.each(SETTINGS)('H1 logout through the local sign-in server with %s', (_title, environment, endpoint, parameters) => {
  let env: Awaited<ReturnType<typeof startAppWithLocalIdp>>;

  beforeAll(async () => {
    env = await startAppWithLocalIdp(environment);
  });
  afterAll(() => env?.close());

  it(`H1 POST /logout goes to ${endpoint} with ${parameters.join(', ')}, which ends the sign-in session and comes back to BASE_URL/`, async () => {
    const client = await loggedInClient(env.app.url);
    const logout = await client.postForm(`${env.app.url}/logout`, {});
    expect(logout.status).toBe(302);
    const idpLogout = new URL(logout.location ?? '');
    expect(`${idpLogout.origin}${idpLogout.pathname}`).toBe(`${env.idp.origin}${endpoint}`);
    expect([...idpLogout.searchParams.keys()].sort()).toEqual([...parameters].sort());

    const backHome = await client.follow(logout.location ?? '');
    expect(backHome.url).toBe(`${env.app.url}/`);
    expect(backHome.status).toBe(200);
    await expectNoSession(client, env.app.url);
    // The sign-in server's session ended too: the next login shows its form.
    expect(loginFormAction(await openSignInPage(client, env.app.url))).toContain(env.idp.origin);
  });
});
