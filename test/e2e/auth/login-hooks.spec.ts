// The login and logout hooks as a team uses them: a hook of its own, registered on the app's
// LoginHooks, sees each login before its session is saved, may add to the user or refuse; logout
// hooks hear of every way a session ends.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addToUser, type LoginDecision, type LoginEvent, LoginHooks, type LogoutEvent, refuseLogin } from '../../../src/auth/login-hooks.js';
import {
  attemptLogin,
  expectErrorPage,
  expectHealthy,
  expectLoggedIn,
  expectNoSession,
  startAppWithHostileIdp,
  type AttackEnv,
} from '../../support/attack.js';
import { mintLogoutToken, postLogoutToken } from '../../support/backchannel.js';
import { DEFAULT_ACCOUNT } from '../../support/hostile-idp/index.js';
import { HttpClient } from '../../support/http-client.js';
import { storedState } from '../../support/stored.js';
import { waitFor } from '../../support/wait.js';
import { API_AUDIENCE, OFFLINE_SCOPE } from '../tokens/api-tokens.js';

interface LogLine {
  event?: string;
  reason?: string;
  detail?: string;
}

describe('login and logout hooks', () => {
  const written: string[] = [];
  const logins: LoginEvent[] = [];
  const logouts: LogoutEvent[] = [];
  let decide: (login: LoginEvent) => LoginDecision | Promise<LoginDecision>;
  let env: AttackEnv;

  beforeAll(async () => {
    env = await startAppWithHostileIdp(
      { AUTH0_AUDIENCE: API_AUDIENCE, AUTH0_SCOPE: OFFLINE_SCOPE, LOG_LEVEL: 'info' },
      {},
      { write: (chunk: string) => written.push(chunk) },
    );
    // After the app's own hooks, in this order: one that decides, one that watches what it decided.
    env.app.app.get(LoginHooks).register({
      onLogin: [{ onLogin: (login) => decide(login) }, { onLogin: (login) => void logins.push(login) }],
      onLogout: [{ onLogout: (logout) => void logouts.push(logout) }],
    });
  });
  afterAll(() => env?.close());
  beforeEach(() => {
    env.idp.reset();
    decide = () => undefined;
    logins.length = 0;
    logouts.length = 0;
    written.length = 0;
  });

  const loginFailures = (): LogLine[] =>
    written
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as LogLine)
      .filter((line) => line.event === 'login_failed');

  async function logIn(): Promise<{ client: HttpClient; sessionId: string }> {
    const client = new HttpClient();
    await expectLoggedIn(client, env.app.url, await attemptLogin(client, env.app.url));
    return { client, sessionId: await storedState(env.app).sessionIdOf(client) };
  }

  it('see the verified claims, the user with what earlier hooks added, the new session’s id and the kept tokens', async () => {
    const { sessionId } = await logIn();
    expect(logins).toHaveLength(1);
    const [login] = logins;
    expect(login?.claims.sub).toBe(DEFAULT_ACCOUNT.sub);
    expect(login?.claims.aud).toBe(env.idp.clientId);
    expect(login?.user.id).toBe(DEFAULT_ACCOUNT.sub);
    // LoginRecorder, one of the app's own hooks, ran first.
    expect(login?.user.app?.loginCount).toBeTypeOf('number');
    expect(login?.sessionId).toBe(sessionId);
    expect(login?.tokens?.refresh_token).toBeDefined();
  });

  it('add app data to the session user, which later hooks and every later request see', async () => {
    decide = () => addToUser({ tenantUserId: 'u-42', plan: { tier: 'pro' } });
    const { sessionId } = await logIn();
    expect(logins[0]?.user.app).toMatchObject({ tenantUserId: 'u-42', plan: { tier: 'pro' } });
    expect((await storedState(env.app).session(sessionId))?.passport?.user?.app).toMatchObject({ tenantUserId: 'u-42', plan: { tier: 'pro' } });
  });

  it('refuse a login: a 403 page saying so, no session, a login_failed line with the reason, and nothing kept for the session', async () => {
    let refusedSession: string | undefined;
    decide = (login) => {
      refusedSession = login.sessionId;
      return refuseLogin('not on the guest list');
    };
    const client = new HttpClient();
    const answer = await attemptLogin(client, env.app.url);
    expectErrorPage(answer, 403);
    expect(answer.text).toContain('You are not allowed to log in here');
    expect(answer.text).not.toContain('not on the guest list');
    await expectNoSession(client, env.app.url);
    expect(logins).toEqual([]);
    expect(loginFailures()).toEqual([expect.objectContaining({ reason: 'refused', detail: 'not on the guest list' })]);
    // The app's own hooks had kept the tokens for that session id: the failed login's logout turn removed them.
    expect(logouts).toEqual([expect.objectContaining({ reason: 'login-failed', sessionId: refusedSession })]);
    expect(await storedState(env.app).tokens(refusedSession ?? '')).toBeUndefined();
    await expectHealthy(env.app.url);
  });

  it('a hook that throws fails the login cleanly: an error page, no session, a login_failed line', async () => {
    decide = () => Promise.reject(new Error('the CRM is down'));
    const client = new HttpClient();
    const answer = await attemptLogin(client, env.app.url);
    expectErrorPage(answer, 500);
    expect(answer.text).not.toContain('CRM');
    await expectNoSession(client, env.app.url);
    expect(loginFailures()).toEqual([expect.objectContaining({ reason: 'login-hook-failed' })]);
    expect(loginFailures()[0]?.detail).toContain('the CRM is down');
    expect(logouts.map((logout) => logout.reason)).toEqual(['login-failed']);
    await expectHealthy(env.app.url);
  });

  it('logout hooks hear of a logout (POST /logout), with the session and the user', async () => {
    const { client, sessionId } = await logIn();
    expect((await client.postForm(`${env.app.url}/logout`, {})).status).toBe(302);
    expect(logouts).toEqual([expect.objectContaining({ reason: 'logout', sessionId, sub: DEFAULT_ACCOUNT.sub })]);
  });

  it('logout hooks hear of a back-channel logout', async () => {
    env.idp.behave({ idToken: { claims: { sid: 'idp-login-1' } } });
    const { client, sessionId } = await logIn();
    expect((await postLogoutToken(env.app.url, await mintLogoutToken(env.idp, { sid: 'idp-login-1' }))).status).toBe(200);
    expect(logouts).toEqual([expect.objectContaining({ reason: 'backchannel-logout', sessionId })]);
    await expectNoSession(client, env.app.url);
  });

  it('logout hooks hear of a refresh the IdP refused', async () => {
    env.idp.behave({ accessToken: { expiresIn: 30 } });
    const { client, sessionId } = await logIn();
    env.idp.behave({ refresh: { refuse: true } });
    expect((await client.get(`${env.app.url}/dashboard`)).status).toBe(302);
    expect(logouts).toEqual([expect.objectContaining({ reason: 'refresh-refused', sessionId })]);
  });

  it('logout hooks hear of the absolute timeout when the browser comes back', async () => {
    const { client, sessionId } = await logIn();
    const stored = storedState(env.app);
    const session = await stored.session(sessionId);
    const longAgo = Date.now() - (env.app.config.session.absoluteTimeoutSeconds + 60) * 1000;
    if (session !== undefined) await stored.saveSession(sessionId, { ...session, authenticatedAt: longAgo });
    await expectNoSession(client, env.app.url);
    expect(logouts).toEqual([expect.objectContaining({ reason: 'absolute-timeout', sessionId, sub: DEFAULT_ACCOUNT.sub })]);
  });

  it('logout hooks hear of an idle timeout when the browser comes back after the store let the session go', async () => {
    const { client, sessionId } = await logIn();
    // What the store's own expiry does to a session nobody used for SESSION_IDLE_TIMEOUT.
    await storedState(env.app).deleteSession(sessionId);
    await expectNoSession(client, env.app.url);
    // They run in the background, after the hooks before them (the token keeper revokes the refresh token at the IdP).
    await waitFor(() => logouts.length > 0, 5000);
    expect(logouts).toEqual([expect.objectContaining({ reason: 'idle-timeout', sessionId, sub: undefined })]);
  });
});
