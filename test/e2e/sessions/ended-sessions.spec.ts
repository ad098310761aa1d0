// J2: a session ended while one of its requests was still running stays ended. The running request
// is a dashboard view whose access token is being refreshed, held at the IdP; the session ends by
// the user's own POST /logout or by a back-channel logout, in both orders: the logout finishes
// during the refresh, or the refresh is answered while the logout is still running (held at its
// revocation). On SQLite and on Redis with two instances (the logout on the other one). The held
// request saves its session at the end (a new rolling interval changed it): nothing may come back.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RawEnvironment } from '../../../src/config/environment.schema.js';
import { touchIntervalSeconds } from '../../../src/session/touch-interval.js';
import { startTestApp, tempSqlitePath, type TestApp } from '../../support/app.js';
import { attemptLogin, expectNoSession } from '../../support/attack.js';
import { expectAccepted, mintLogoutToken, postLogoutToken } from '../../support/backchannel.js';
import { fault, type HostileIdp, startHostileIdp } from '../../support/hostile-idp/index.js';
import { HttpClient, type HttpResult } from '../../support/http-client.js';
import { SHARED_REDIS_URL } from '../../support/redis.js';
import { storedState } from '../../support/stored.js';
import { waitFor } from '../../support/wait.js';
import { API_AUDIENCE, OFFLINE_SCOPE } from '../tokens/api-tokens.js';

const TOKEN_SETTINGS: RawEnvironment = {
  AUTH0_AUDIENCE: API_AUDIENCE,
  AUTH0_SCOPE: OFFLINE_SCOPE,
  // A two-second touch interval: a request in the next interval after the login changes (rolls) its session, so it saves it.
  SESSION_IDLE_TIMEOUT: '20',
};
const STORES: Array<[title: string, environment: () => RawEnvironment, instances: number]> = [
  ['SQLite (a real file)', () => ({ SESSION_STORE: 'sqlite', SESSION_SQLITE_PATH: tempSqlitePath() }), 1],
  ['Redis, two instances', () => ({ SESSION_STORE: 'redis', REDIS_URL: SHARED_REDIS_URL }), 2],
];
const LOGOUTS = ['POST /logout', 'a back-channel logout'] as const;
const ORDERS = ['the logout finishes during the refresh', 'the refresh is answered during the logout'] as const;

describe.each(STORES)('J2 a session ended during a slow refresh, on %s', (_title, storeEnvironment, instances) => {
  let idp: HostileIdp;
  let apps: TestApp[];

  beforeAll(async () => {
    idp = await startHostileIdp();
    const environment = { ...TOKEN_SETTINGS, ...storeEnvironment() };
    apps = [];
    for (let instance = 0; instance < instances; instance += 1) apps.push(await startTestApp(idp, environment));
  });
  afterAll(async () => {
    for (const app of apps ?? []) await app.close();
    await idp?.close();
  });
  beforeEach(() => idp.reset());

  /** The instance that serves the held request, and the one that ends the session (the other, when there are two). */
  const [requestApp, logoutApp] = [(): TestApp => apps[0], (): TestApp => apps[apps.length - 1]];

  async function logIn(login: { sub: string; sid: string }): Promise<HttpClient> {
    // Below the one-minute margin: the next dashboard view refreshes.
    idp.behave({ account: { sub: login.sub }, idToken: { claims: { sid: login.sid } }, accessToken: { expiresIn: 30 } });
    const client = new HttpClient();
    expect((await attemptLogin(client, requestApp().url)).status).toBe(302);
    return client;
  }

  /** Until the touch interval after the login's: a request from then on changes its session, so express-session saves it. */
  async function untilTheSessionRolls(loggedInAt: number): Promise<void> {
    const intervalMs = touchIntervalSeconds(requestApp().config.session) * 1000;
    await waitFor(() => Math.floor(Date.now() / intervalMs) > Math.floor(loggedInAt / intervalMs), intervalMs + 1000);
  }

  function endSession(logout: (typeof LOGOUTS)[number], client: HttpClient, login: { sub: string; sid: string }): Promise<HttpResult> {
    if (logout === 'POST /logout') return client.postForm(`${logoutApp().url}/logout`, {});
    return mintLogoutToken(idp, login).then((token) => postLogoutToken(logoutApp().url, token));
  }

  function expectEnded(logout: (typeof LOGOUTS)[number], answer: HttpResult): void {
    if (logout === 'POST /logout') expect(answer.status).toBe(302);
    else expectAccepted(answer);
  }

  for (const logout of LOGOUTS) {
    for (const order of ORDERS) {
      it(`J2 ${logout}, ${order}: no session, no tokens, the cookie opens nothing, every refresh token revoked`, async () => {
        const login = { sub: `auth0|ended-${randomUUID()}`, sid: `sid-${randomUUID()}` };
        const client = await logIn(login);
        const stored = storedState(requestApp());
        const sid = await stored.sessionIdOf(client);
        const cookie = (await client.cookieValue(requestApp().url, requestApp().config.session.cookieName)) ?? '';
        const loginRefreshToken = (await stored.tokens(sid))?.refreshToken;
        await untilTheSessionRolls((await stored.session(sid))?.authenticatedAt ?? Date.now());

        const refresh = fault.held();
        const revocation = fault.held();
        idp.behave({ refresh: { fault: refresh.fault }, ...(order === ORDERS[1] ? { revocation: { fault: revocation.fault } } : {}) });
        const heldRequest = client.get(`${requestApp().url}/dashboard`);
        await waitFor(() => idp.refreshCalls().length === 1, 5000);

        if (order === ORDERS[0]) {
          expectEnded(logout, await endSession(logout, client, login));
          refresh.release();
        } else {
          const ending = endSession(logout, client, login);
          // The logout is at its revocation: the session and its tokens are already gone, the logout not finished.
          await waitFor(() => idp.calls('revocation').length === 1, 5000);
          refresh.release();
          // The held request got its rotated tokens, found the session gone and revokes what it got.
          await waitFor(() => idp.calls('revocation').length === 2, 5000);
          revocation.release();
          expectEnded(logout, await ending);
        }
        const held = await heldRequest;
        expect(held.status, held.text.slice(0, 200)).toBe(302);
        expect(held.location).toBe(`${requestApp().url}/login?returnTo=%2Fdashboard`);

        expect(await stored.session(sid), 'the session is not in the store').toBeUndefined();
        expect(await stored.tokens(sid), 'the tokens are not in the store').toBeUndefined();
        const replayed = new HttpClient();
        await replayed.setCookie(requestApp().url, requestApp().config.session.cookieName, cookie);
        for (const app of apps) await expectNoSession(replayed, app.url);
        await expectNoSession(client, requestApp().url);

        const revoked = idp.calls('revocation').map((call) => call.body.get('token'));
        expect(revoked).toHaveLength(2);
        expect(revoked, 'the login’s refresh token, then the one the late refresh brought').toContain(loginRefreshToken);
        expect(new Set(revoked).size).toBe(2);
      });
    }
  }
});
