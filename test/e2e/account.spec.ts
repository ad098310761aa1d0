// The step-up example, /account: @RequireRecentLogin(300) on every page, @RequireMfa on the
// security settings, in-process and through the real logins (local sign-in server, hostile IdP).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountModule } from '../../src/account/account.module.js';
import type { SessionUser } from '../../src/auth/session-user.js';
import { MULTI_FACTOR_POLICY } from '../../src/common/multi-factor-policy.js';
import { startAppWithLocalIdp } from '../support/app.js';
import { approveAtIdp, attemptLogin, expectErrorPage, expectLoggedIn, useAttackEnv } from '../support/attack.js';
import { HttpClient } from '../support/http-client.js';
import { loggedInClient, loginFormAction, TEST_ACCOUNT } from '../support/login.js';
import { type ModuleTest, startModuleTest, testUser } from '../support/module-test.js';
import { storedState } from '../support/stored.js';

const now = (): number => Math.floor(Date.now() / 1000);
const HOUR = 3600;
const RECENT_LOGIN_CHALLENGE =
  'Bearer error="insufficient_user_authentication", error_description="A more recent login is required", max_age=300';
const STEP_UP_TO_ACCOUNT = '/login?max_age=300&returnTo=%2Faccount';
const STEP_UP_TO_SECURITY = `/login?max_age=300&acr_values=${encodeURIComponent(MULTI_FACTOR_POLICY)}&returnTo=%2Faccount%2Fsecurity`;

const API = { accept: 'application/json' };

describe('@RequireRecentLogin and @RequireMfa on /account, in-process', () => {
  let account: ModuleTest;
  beforeAll(async () => {
    account = await startModuleTest([AccountModule]);
  });
  afterAll(() => account?.close());

  const loggedIn = (login: Partial<SessionUser>): SessionUser => ({ ...testUser(), ...login });

  it('anonymous visitors log in once, asking already what the page needs (the app-wide SessionGuard); API clients get a 401', async () => {
    await account.as().get('/account').expect(302).expect('location', STEP_UP_TO_ACCOUNT);
    await account.as().get('/account/security').expect(302).expect('location', STEP_UP_TO_SECURITY);
    await account.as().get('/account').set(API).expect(401);
  });

  it('J4 a login the IdP gave no auth_time for, or an old one, is sent to log in with max_age=300 and back', async () => {
    await account.as(loggedIn({})).get('/account').expect(302).expect('location', STEP_UP_TO_ACCOUNT);
    await account
      .as(loggedIn({ authTime: now() - HOUR }))
      .get('/account')
      .expect(302)
      .expect('location', STEP_UP_TO_ACCOUNT);
  });

  it('J4 an API client gets 401 with the RFC 9470 challenge instead of a redirect', async () => {
    const answer = await account
      .as(loggedIn({ authTime: now() - HOUR }))
      .get('/account')
      .set(API)
      .expect(401);
    expect(answer.headers['www-authenticate']).toBe(RECENT_LOGIN_CHALLENGE);
    expect(answer.body).toMatchObject({ statusCode: 401, error: 'A more recent login is required' });
  });

  it('a login within 300 s (plus the 60 s clock tolerance the callback allowed) opens /account and shows its times', async () => {
    const authTime = now() - 330;
    const page = await account.as(loggedIn({ authTime })).get('/account').expect(200);
    expect(page.text).toContain('<h1 class="page-title">Your account</h1>');
    expect(page.text).toContain(`datetime="${new Date(authTime * 1000).toISOString()}"`);
    expect(page.text).toContain(`datetime="${new Date((authTime + 360) * 1000).toISOString()}"`);
    await account
      .as(loggedIn({ authTime: now() - 370 }))
      .get('/account')
      .expect(302);
  });

  it('J4 the security settings ask only for what the login lacks: multi-factor, or multi-factor and a recent login, in one login', async () => {
    const mfaOnly = `/login?acr_values=${encodeURIComponent(MULTI_FACTOR_POLICY)}&returnTo=%2Faccount%2Fsecurity`;
    await account
      .as(loggedIn({ authTime: now(), amr: ['pwd'] }))
      .get('/account/security')
      .expect(302)
      .expect('location', mfaOnly);
    await account
      .as(loggedIn({ authTime: now() - HOUR }))
      .get('/account/security')
      .expect(302)
      .expect('location', STEP_UP_TO_SECURITY);
    const api = await account
      .as(loggedIn({ authTime: now() - HOUR }))
      .get('/account/security')
      .set(API)
      .expect(401);
    expect(api.headers['www-authenticate']).toBe(
      'Bearer error="insufficient_user_authentication", error_description="A recent login with multi-factor authentication is required", ' +
        `acr_values="${MULTI_FACTOR_POLICY}", max_age=300`,
    );
    const open = await account
      .as(loggedIn({ authTime: now(), amr: ['pwd', 'mfa'] }))
      .get('/account/security')
      .expect(200);
    expect(open.text).toContain('Your login used a second step');
  });
});

describe('/account through the local sign-in server', () => {
  let env: Awaited<ReturnType<typeof startAppWithLocalIdp>>;
  beforeAll(async () => {
    env = await startAppWithLocalIdp();
  });
  afterAll(() => env?.close());

  const url = (path: string): string => `${env.app.url}${path}`;

  it('J4 /account with a login an hour old → a login with max_age=300 → back on /account', async () => {
    const client = await loggedInClient(env.app.url);
    const stored = storedState(env.app);
    // The first visit already steps up: an ordinary login brings no auth_time (as with Auth0); the sign-in server's session is fresh.
    const first = await client.get(url('/account'));
    expect(first.location).toBe(url(STEP_UP_TO_ACCOUNT));
    const steppedUp = await client.follow(first.location ?? '');
    expect(steppedUp.url).toBe(url('/account'));
    expect(steppedUp.text).toContain('Your account');

    const sessionId = await stored.sessionIdOf(client);
    const session = await stored.session(sessionId);
    if (session?.passport?.user === undefined) throw new Error('no logged-in session after the step-up');
    session.passport.user.authTime = now() - HOUR;
    await stored.saveSession(sessionId, session);

    const old = await client.get(url('/account'));
    expect(old.status).toBe(302);
    expect(old.location).toBe(url(STEP_UP_TO_ACCOUNT));
    const back = await client.follow(old.location ?? '');
    expect(back.status).toBe(200);
    expect(back.url).toBe(url('/account'));
    const renewed = await stored.session(await stored.sessionIdOf(client));
    expect(renewed?.passport?.user?.authTime).toBeGreaterThan(now() - 60);
  });

  it('J4 the security settings: asked for a one-time code, given it, back with amr naming mfa', async () => {
    const client = await loggedInClient(env.app.url);
    const security = await client.get(url('/account/security'));
    expect(security.location).toBe(url(STEP_UP_TO_SECURITY));
    // Multi-factor is asked although the sign-in server has a session: its login prompt comes back.
    const signIn = await client.follow(security.location ?? '');
    expect(signIn.text).toContain('<h1>Sign in</h1>');
    const codePage = await client.postForm(loginFormAction(signIn), TEST_ACCOUNT);
    expect(codePage.status).toBe(200);
    expect(codePage.text).toContain('<h1>Enter your one-time code</h1>');
    const code = /Your code is <strong>(\d{6})<\/strong>/.exec(codePage.text)?.[1] ?? '';

    const wrong = await client.postForm(loginFormAction(codePage), { code: code === '000000' ? '111111' : '000000' });
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain('That code is not the one shown');

    const accepted = await client.postForm(loginFormAction(wrong), { code });
    const settings = await client.follow(accepted.location ?? '');
    expect(settings.url).toBe(url('/account/security'));
    expect(settings.text).toContain('Your login used a second step');
    const stored = storedState(env.app);
    expect((await stored.session(await stored.sessionIdOf(client)))?.passport?.user?.amr).toEqual(['pwd', 'mfa']);
  });

  it('an API client of an old login gets the 401 challenge, not the sign-in page', async () => {
    const client = await loggedInClient(env.app.url);
    const answer = await client.get(url('/account'), API);
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toBe(RECENT_LOGIN_CHALLENGE);
  });
});

describe('/account against an IdP that ignores the step-up', () => {
  const env = useAttackEnv();

  /** A browser logged in as the hostile IdP's user (a login that asked nothing special). */
  async function loggedInAtHostileIdp(): Promise<HttpClient> {
    const client = new HttpClient();
    await expectLoggedIn(client, env.app.url, await attemptLogin(client, env.app.url));
    return client;
  }

  it('J4 an IdP that ignores max_age and returns an old auth_time: the step-up login is refused, /account stays closed', async () => {
    const client = await loggedInAtHostileIdp();
    const account = await client.get(`${env.app.url}/account`);
    expect(account.location).toBe(`${env.app.url}${STEP_UP_TO_ACCOUNT}`);
    env.idp.behave({ idToken: { claims: { auth_time: now() - HOUR } } });
    const login = await client.get(account.location ?? '');
    expect(new URL(login.location ?? '').searchParams.get('max_age')).toBe('300');
    expectErrorPage(await client.get(await approveAtIdp(client, login.location ?? '')), 401);
    expect((await client.get(`${env.app.url}/account`)).location).toBe(`${env.app.url}${STEP_UP_TO_ACCOUNT}`);
  });

  it('J4 an IdP that omits amr at the multi-factor step-up: refused, the security settings stay closed', async () => {
    const client = await loggedInAtHostileIdp();
    const security = await client.get(`${env.app.url}/account/security`);
    expect(security.location).toBe(`${env.app.url}${STEP_UP_TO_SECURITY}`);
    env.idp.behave({ idToken: { claims: { auth_time: now() }, omitClaims: ['amr'] } });
    const login = await client.get(security.location ?? '');
    expect(new URL(login.location ?? '').searchParams.get('acr_values')).toBe(MULTI_FACTOR_POLICY);
    const refused = await client.get(await approveAtIdp(client, login.location ?? ''));
    expectErrorPage(refused, 401);
    expect(refused.text).toContain('Your second sign-in step was not confirmed');
    expect((await client.get(`${env.app.url}/account/security`)).status).toBe(302);
  });

  it('J4 an IdP that honours both: one login, back on the security settings', async () => {
    const client = await loggedInAtHostileIdp();
    const security = await client.get(`${env.app.url}/account/security`);
    env.idp.behave({ idToken: { claims: { auth_time: now(), amr: ['mfa'] } } });
    const login = await client.get(security.location ?? '');
    const callback = await client.get(await approveAtIdp(client, login.location ?? ''));
    expect(callback.location).toBe(`${env.app.url}/account/security`);
    expect((await client.get(`${env.app.url}/account/security`)).status).toBe(200);
  });
});
