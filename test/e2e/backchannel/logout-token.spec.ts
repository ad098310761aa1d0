// H2: OpenID Connect Back-Channel Logout 1.0 §2.6, each rule broken once against a hostile IdP
// over HTTPS; a refused token answers 400 and ends nothing.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectNoSession, expectSession } from '../../support/attack.js';
import {
  BACKCHANNEL_LOGOUT_EVENT,
  type BackchannelEnv,
  expectAccepted,
  expectRefused,
  type Login,
  postLogoutToken,
  startBackchannelEnv,
  uniqueLogin,
} from '../../support/backchannel.js';
import type { Claims } from '../../support/hostile-idp/index.js';
import { HttpClient } from '../../support/http-client.js';

const now = (): number => Math.floor(Date.now() / 1000);

describe('H2 back-channel logout: logout token validation (https IdP)', () => {
  let env: BackchannelEnv;
  const appUrl = (): string => env.apps[0].url;

  beforeAll(async () => {
    env = await startBackchannelEnv();
  });
  afterAll(() => env?.close());
  beforeEach(() => env.idp.reset());

  it('H2 a valid token with sid ends the session of that IdP login and not another user’s', async () => {
    const [victim, other] = [uniqueLogin(), uniqueLogin()];
    const victimBrowser = await env.logIn(victim);
    const otherBrowser = await env.logIn(other);

    expectAccepted(await postLogoutToken(appUrl(), await env.logoutToken(victim)));

    await expectNoSession(victimBrowser, appUrl());
    await expectSession(otherBrowser, appUrl());
  });

  it.each([
    ['untyped', undefined],
    ['typed with the generic JWT', 'JWT'],
  ])('H2 a valid token %s ends the session too', async (_case, typ) => {
    const login = uniqueLogin();
    const browser = await env.logIn(login);

    expectAccepted(await postLogoutToken(appUrl(), await env.logoutToken(login, { header: { typ } as Claims })));

    await expectNoSession(browser, appUrl());
  });

  it('H2 a valid token for a session that no longer exists is still a 200', async () => {
    expectAccepted(await postLogoutToken(appUrl(), await env.logoutToken(uniqueLogin())));
  });

  // Each case: the token (or request) that breaks one rule. The logged-in user's session must survive it.
  const refused: Array<[string, (login: Required<Login>) => Promise<string>]> = [
    ['alg none', (login) => env.logoutToken(login, { signing: 'none' })],
    ['signed by a key the tenant did not publish (RS256, same kid)', (login) => env.logoutToken(login, { signing: 'attacker-jwk' })],
    ['ES256 with a foreign key', (login) => env.logoutToken(login, { signing: 'es256-foreign-key' })],
    ['HS256 keyed with the client secret', (login) => env.logoutToken(login, { signing: 'hs256-client-secret' })],
    ['a broken signature', (login) => env.logoutToken(login, { corruption: 'flip-signature' })],
    ['wrong aud', (login) => env.logoutToken(login, { claims: { aud: 'another-client' } })],
    ['wrong iss', (login) => env.logoutToken(login, { claims: { iss: 'https://evil.test/' } })],
    ['no events', (login) => env.logoutToken(login, { omitClaims: ['events'] })],
    ['another event', (login) => env.logoutToken(login, { claims: { events: { 'http://schemas.openid.net/event/other': {} } } })],
    ['the logout event not an object', (login) => env.logoutToken(login, { claims: { events: { [BACKCHANNEL_LOGOUT_EVENT]: 'yes' } } })],
    ['a nonce', (login) => env.logoutToken(login, { claims: { nonce: 'n-0S6_WzA2Mj' } })],
    ['neither sub nor sid', () => env.logoutToken({})],
    ['expired', (login) => env.logoutToken(login, { claims: { iat: now() - 300, exp: now() - 120 } })],
    ['issued an hour ago', (login) => env.logoutToken(login, { claims: { iat: now() - 3600, exp: now() + 60 } })],
    ['no iat', (login) => env.logoutToken(login, { omitClaims: ['iat'] })],
    ['no jti', (login) => env.logoutToken(login, { omitClaims: ['jti'] })],
    ['typ of another kind of JWT', (login) => env.logoutToken(login, { header: { typ: 'at+jwt' } })],
    ['an ID token', (login) => env.idp.mintIdToken({ claims: { sub: login.sub, sid: login.sid, nonce: 'n-0S6_WzA2Mj' } })],
    ['an ID token without nonce', (login) => env.idp.mintIdToken({ claims: { sub: login.sub, sid: login.sid } })],
  ];

  it.each(refused)('H2 refused, and the session stays: %s', async (_name, tokenFor) => {
    const login = uniqueLogin();
    const browser = await env.logIn(login);
    expectRefused(await postLogoutToken(appUrl(), await tokenFor(login)));
    await expectSession(browser, appUrl());
  });

  const malformedRequests: Array<[string, (token: string) => RequestInit & { body?: string }]> = [
    ['an empty body', () => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' })],
    [
      'a JSON body',
      (token) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ logout_token: token }) }),
    ],
    [
      'logout_token twice',
      (token) => ({
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `logout_token=${token}&logout_token=${token}`,
      }),
    ],
    [
      'logout_token as a nested parameter',
      (token) => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `logout_token[a]=${token}` }),
    ],
    [
      'a token that is not a JWT',
      () => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'logout_token=not-a-jwt' }),
    ],
  ];

  it.each(malformedRequests)('H2 refused, and the session stays: %s', async (_name, requestFor) => {
    const login = uniqueLogin();
    const browser = await env.logIn(login);
    const { method, headers, body } = requestFor(await env.logoutToken(login));
    expectRefused(await new HttpClient().request(`${appUrl()}/backchannel-logout`, { method, headers, body }));
    await expectSession(browser, appUrl());
  });

  it('H2 GET and other methods find no endpoint (404), and the session stays', async () => {
    const login = uniqueLogin();
    const browser = await env.logIn(login);
    const token = await env.logoutToken(login);
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const answer = await new HttpClient().request(`${appUrl()}/backchannel-logout?logout_token=${token}`, { method });
      expect(answer.status, method).toBe(404);
    }
    await expectSession(browser, appUrl());
  });

  it('H2 a replayed jti is refused: the user’s next session survives the second delivery', async () => {
    const login = uniqueLogin();
    const first = await env.logIn(login);
    const token = await env.logoutToken(login);
    expectAccepted(await postLogoutToken(appUrl(), token));
    await expectNoSession(first, appUrl());

    const next = await env.logIn(login);
    expectRefused(await postLogoutToken(appUrl(), token));
    await expectSession(next, appUrl());
  });

  it('H2 the endpoint needs no session cookie and starts none; a browser’s cookie changes nothing', async () => {
    const login = uniqueLogin();
    const browser = await env.logIn(login);
    const answer = await browser.postForm(`${appUrl()}/backchannel-logout`, { logout_token: await env.logoutToken(uniqueLogin()) });
    expectAccepted(answer);
    await expectSession(browser, appUrl());
  });
});

describe('H2 back-channel logout when the tenant’s keys cannot be fetched (https IdP)', () => {
  let env: BackchannelEnv;

  beforeAll(async () => {
    env = await startBackchannelEnv();
  });
  afterAll(() => env?.close());

  it('H2 a JWKS that answers 500 makes it a 503, not a 400: the failure is visible to the IdP', async () => {
    env.idp.behave({
      jwks: { fault: { kind: 'reply', reply: { status: 500, headers: { 'content-type': 'text/html' }, body: '<h1>down</h1>' } } },
    });
    const result = await postLogoutToken(env.apps[0].url, await env.logoutToken(uniqueLogin()));
    expect(result.status).toBe(503);
    expect(JSON.parse(result.text)).toEqual({ error: 'temporarily_unavailable' });
  });
});
