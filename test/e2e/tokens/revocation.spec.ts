// J3: when a session with a refresh token ends, the refresh token is revoked at the tenant
// (RFC 7009, Auth0's /oauth/revoke) before the logout answers; a revocation that fails or does not
// answer never keeps the user logged in, and is one log line without the token.
import { describe, expect, it } from 'vitest';
import { attemptLogin, expectLoggedIn, expectNoSession, useAttackEnv } from '../../support/attack.js';
import { expectAccepted, mintLogoutToken, postLogoutToken } from '../../support/backchannel.js';
import { clientCredentialsIn, fault } from '../../support/hostile-idp/index.js';
import { HttpClient } from '../../support/http-client.js';
import { objectContaining } from '../../support/matchers.js';
import { storedState } from '../../support/stored.js';
import { API_AUDIENCE, OFFLINE_SCOPE } from './api-tokens.js';
import { logEvents } from '../../support/log-events.js';

const TIMEOUT_SECONDS = 1;

describe('J3 refresh tokens revoked when their session ends', () => {
  const logged: string[] = [];
  const env = useAttackEnv(
    { AUTH0_AUDIENCE: API_AUDIENCE, AUTH0_SCOPE: OFFLINE_SCOPE, AUTH0_HTTP_TIMEOUT: String(TIMEOUT_SECONDS), LOG_LEVEL: 'info' },
    { write: (chunk: string) => logged.push(chunk) },
  );
  /** What the app logged from the `from`th write on (a test reads only its own lines). */
  const loggedSince = (from: number): string => logged.slice(from).join('');
  const revocationFailuresSince = (from: number): Array<Record<string, unknown>> =>
    logEvents(logged.slice(from), 'refresh_token_revocation_failed');

  /** A logged-in browser, with the refresh token its login keeps. */
  async function logIn(expiresIn = 3600): Promise<{ client: HttpClient; refreshToken: string; sessionId: string }> {
    env.idp.behave({ accessToken: { expiresIn } });
    const client = new HttpClient();
    await expectLoggedIn(client, env.app.url, await attemptLogin(client, env.app.url));
    const stored = storedState(env.app);
    const sessionId = await stored.sessionIdOf(client);
    return { client, sessionId, refreshToken: (await stored.tokens(sessionId))?.refreshToken ?? '' };
  }

  /** The tenant's answer to a refresh with `refreshToken`, asked directly. */
  async function refreshStatus(refreshToken: string): Promise<{ status: number; error: unknown }> {
    const answer = await fetch(`${env.idp.origin}/oauth/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
        client_id: env.idp.clientId,
        client_secret: env.idp.clientSecret,
      }),
    });
    return { status: answer.status, error: ((await answer.json()) as { error?: unknown }).error };
  }

  it('J3 POST /logout revokes the refresh token (client_secret_post, once) before it redirects; the token refreshes no more', async () => {
    const from = logged.length;
    const { client, refreshToken } = await logIn();
    const logout = await client.postForm(`${env.app.url}/logout`, {});
    expect(logout.status).toBe(302);

    const [revocation, ...more] = env.idp.calls('revocation');
    expect(more).toEqual([]);
    expect(Object.fromEntries(revocation?.body ?? [])).toEqual({
      token: refreshToken,
      token_type_hint: 'refresh_token',
      client_id: env.idp.clientId,
      client_secret: env.idp.clientSecret,
    });
    expect(revocation === undefined ? [] : clientCredentialsIn(revocation).map((credentials) => credentials.method)).toEqual([
      'client_secret_post',
    ]);
    expect(revocation?.query.toString(), 'nothing in the URL').toBe('');
    expect(await refreshStatus(refreshToken)).toEqual({ status: 403, error: 'invalid_grant' });
    expect(revocationFailuresSince(from)).toEqual([]);
  });

  it(`J3 a revocation that hangs still logs out within AUTH0_HTTP_TIMEOUT (${TIMEOUT_SECONDS} s), and is one log line without the token`, async () => {
    const from = logged.length;
    const { client, refreshToken } = await logIn();
    env.idp.behave({ revocation: { fault: fault.hang() } });
    const started = Date.now();
    const logout = await client.postForm(`${env.app.url}/logout`, {});
    expect(Date.now() - started).toBeLessThan(TIMEOUT_SECONDS * 1000 + 2000);
    expect(logout.status).toBe(302);
    await expectNoSession(client, env.app.url);

    expect(revocationFailuresSince(from)).toEqual([
      objectContaining({ level: 40, cause: 'logout', error: expect.stringContaining('did not answer') as string }),
    ]);
    expect(loggedSince(from)).not.toContain(refreshToken);
  });

  it('J3 a revocation the tenant refuses or fails (400 invalid_client, 503 page, connection reset) still logs out, one line each', async () => {
    const from = logged.length;
    const failures = [fault.json(401, { error: 'invalid_client' }), fault.html(503, '<h1>Service Unavailable</h1>'), fault.reset()];
    for (const failure of failures) {
      const { client, refreshToken } = await logIn();
      env.idp.behave({ revocation: { fault: failure } });
      expect((await client.postForm(`${env.app.url}/logout`, {})).status).toBe(302);
      await expectNoSession(client, env.app.url);
      expect(loggedSince(from)).not.toContain(refreshToken);
    }
    expect(revocationFailuresSince(from).map((line) => line.cause)).toEqual(['logout', 'logout', 'logout']);
  });

  it('J3 a back-channel logout and the absolute timeout revoke too; a refused refresh does not (the tenant already refused that token)', async () => {
    const sid = 'sid-revocation-backchannel';
    env.idp.behave({ idToken: { claims: { sid } } });
    const backchannel = await logIn();
    expectAccepted(await postLogoutToken(env.app.url, await mintLogoutToken(env.idp, { sid })));
    expect(env.idp.calls('revocation').map((call) => call.body.get('token'))).toEqual([backchannel.refreshToken]);

    env.idp.reset();
    const timedOut = await logIn();
    const stored = storedState(env.app);
    const session = await stored.session(timedOut.sessionId);
    if (session !== undefined) await stored.saveSession(timedOut.sessionId, { ...session, authenticatedAt: 0 });
    expect((await timedOut.client.get(`${env.app.url}/dashboard`)).status).toBe(302);
    expect(env.idp.calls('revocation').map((call) => call.body.get('token'))).toEqual([timedOut.refreshToken]);

    env.idp.reset();
    const refused = await logIn(30);
    env.idp.behave({ refresh: { refuse: true } });
    expect((await refused.client.get(`${env.app.url}/dashboard`)).status).toBe(302);
    await expectNoSession(refused.client, env.app.url);
    expect(env.idp.calls('revocation')).toEqual([]);
  });

  it('J3 a logout whose login brought no refresh token calls no revocation endpoint', async () => {
    env.idp.behave({ token: { body: ({ refresh_token: _refreshToken, ...withoutRefreshToken }) => withoutRefreshToken } });
    const client = new HttpClient();
    await expectLoggedIn(client, env.app.url, await attemptLogin(client, env.app.url));
    expect((await client.postForm(`${env.app.url}/logout`, {})).status).toBe(302);
    expect(env.idp.calls('revocation')).toEqual([]);
  });
});
