// Access tokens near expiry are renewed once per session with the rotating refresh token; a refused
// refresh ends the session; an IdP that is down or slow gives a 502/504 page and keeps the session.
import { describe, expect, it } from 'vitest';
import { attemptLogin, beginLogin, expectErrorPage, expectHealthy, expectNoSession, useAttackEnv } from '../../support/attack.js';
import { fault } from '../../support/hostile-idp/index.js';
import { HttpClient } from '../../support/http-client.js';
import { storedState } from '../../support/stored.js';
import { API_AUDIENCE, OFFLINE_SCOPE } from './api-tokens.js';

const TIMEOUT_SECONDS = 1;
// Below the one-minute margin: every use of the token renews it first.
const NEAR_EXPIRY_SECONDS = 30;
const JSON_ONLY = { accept: 'application/json' };

describe('access token refresh', () => {
  const env = useAttackEnv({ AUTH0_AUDIENCE: API_AUDIENCE, AUTH0_SCOPE: OFFLINE_SCOPE, AUTH0_HTTP_TIMEOUT: String(TIMEOUT_SECONDS) });

  async function logIn(expiresIn = NEAR_EXPIRY_SECONDS): Promise<HttpClient> {
    env.idp.behave({ accessToken: { expiresIn } });
    const client = new HttpClient();
    const callback = await attemptLogin(client, env.app.url);
    expect(callback.status, callback.text.slice(0, 200)).toBe(302);
    return client;
  }

  /** Still logged in: the logout confirmation page answers instead of sending the browser home. */
  async function expectStillLoggedIn(client: HttpClient): Promise<void> {
    expect((await client.get(`${env.app.url}/logout`)).status).toBe(200);
  }

  it('T1 asks /authorize for the audience and for offline_access', async () => {
    const { authorizeUrl } = await beginLogin(new HttpClient(), env.app.url);
    expect(authorizeUrl.searchParams.get('audience')).toBe(API_AUDIENCE);
    expect(authorizeUrl.searchParams.get('scope')?.split(' ')).toContain('offline_access');
  });

  it('T3 uses a token valid for more than a minute as it is', async () => {
    const client = await logIn(3600);
    for (let view = 0; view < 2; view += 1) expect((await client.get(`${env.app.url}/dashboard`)).status).toBe(200);
    expect(env.idp.refreshCalls()).toEqual([]);
  });

  it('T3 renews with the rotated refresh token next time; five concurrent requests of one session share one refresh; no refresh token is used twice', async () => {
    const client = await logIn();
    expect((await client.get(`${env.app.url}/dashboard`)).status).toBe(200);
    expect(env.idp.refreshCalls()).toHaveLength(1);

    // The renewed token is near expiry too; the next one lives an hour, so only the race can make a second refresh.
    env.idp.behave({ accessToken: { expiresIn: 3600 } });
    const views = await Promise.all(Array.from({ length: 5 }, () => client.get(`${env.app.url}/dashboard`)));
    expect(views.map((view) => view.status)).toEqual([200, 200, 200, 200, 200]);
    const used = env.idp.refreshCalls().map((call) => call.body.get('refresh_token'));
    expect(used).toHaveLength(2);
    expect(new Set(used).size, 'a refresh token was used twice').toBe(2);
    // client_secret_post, as for the code exchange.
    expect(env.idp.refreshCalls().map((call) => call.body.get('client_secret'))).toEqual([env.idp.clientSecret, env.idp.clientSecret]);
  });

  it('T3 a request that saves the session from before a rotation does not bring back the spent refresh token', async () => {
    const client = await logIn();
    const stored = storedState(env.app);
    const sid = await stored.sessionIdOf(client);
    const beforeRotation = await stored.session(sid);
    expect(beforeRotation).toBeDefined();
    // The renewed token lives an hour: any later refresh could only come from the spent token coming back.
    env.idp.behave({ accessToken: { expiresIn: 3600 } });
    expect((await client.get(`${env.app.url}/dashboard`)).status).toBe(200);
    // What express-session does for a request that loaded the session before the refresh and changed something else.
    if (beforeRotation !== undefined) await stored.saveSession(sid, beforeRotation);

    for (let view = 0; view < 2; view += 1) expect((await client.get(`${env.app.url}/dashboard`)).status).toBe(200);
    expect(env.idp.refreshCalls()).toHaveLength(1);
    expect((await stored.tokens(sid))?.refreshToken).not.toBe(env.idp.refreshCalls()[0]?.body.get('refresh_token'));
  });

  it('T4 a refused refresh (invalid_grant) ends the session: the page sends the browser to log in, nothing remains', async () => {
    const client = await logIn();
    env.idp.behave({ refresh: { refuse: true } });
    const answer = await client.get(`${env.app.url}/dashboard`);
    expect(answer.status).toBe(302);
    expect(answer.location).toBe(`${env.app.url}/login?returnTo=%2Fdashboard`);
    await expectNoSession(client, env.app.url);
    expect((await client.get(`${env.app.url}/logout`)).location).toBe(`${env.app.url}/`);
    await expectHealthy(env.app.url);
  });

  it('T4 a refused refresh answers a JSON client with 401, and the session is gone', async () => {
    const client = await logIn();
    env.idp.behave({ refresh: { refuse: true } });
    const answer = await client.get(`${env.app.url}/dashboard`, JSON_ONLY);
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.text)).toMatchObject({ statusCode: 401 });
    await expectNoSession(client, env.app.url);
  });

  it(`T5 a refresh that hangs gives a 504 page within AUTH0_HTTP_TIMEOUT (${TIMEOUT_SECONDS} s) and keeps the session`, async () => {
    const client = await logIn();
    env.idp.behave({ refresh: { fault: fault.hang() } });
    const started = Date.now();
    const answer = await client.get(`${env.app.url}/dashboard`);
    expect(Date.now() - started).toBeLessThan(TIMEOUT_SECONDS * 1000 + 2000);
    expectErrorPage(answer, 504);
    await expectStillLoggedIn(client);
  });

  it('T5 a token endpoint failing during a refresh gives a 502 page (502 JSON) and keeps the session', async () => {
    const client = await logIn();
    env.idp.behave({ refresh: { fault: fault.html(500, '<h1>down</h1>') } });
    expectErrorPage(await client.get(`${env.app.url}/dashboard`), 502);
    expect((await client.get(`${env.app.url}/dashboard`, JSON_ONLY)).status).toBe(502);
    await expectStillLoggedIn(client);
  });
});
