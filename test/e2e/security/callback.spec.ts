// Attack cases B: what reaches /callback is untrusted; only the response to this
// browser's own authorization request, once, with well-formed parameters, logs anyone in.
import { createHash, randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import {
  approveAtIdp,
  attemptLogin,
  beginLogin,
  callbackUrlFor,
  expectErrorPage,
  expectHealthy,
  expectLoggedIn,
  expectNoSession,
  expectRejectedLogin,
  expectSession,
  type StartedLogin,
  useAttackEnv,
} from '../../support/attack.js';
import { HttpClient, type HttpResult } from '../../support/http-client.js';

describe('B. callback / authorization response', () => {
  const env = useAttackEnv();

  /** Rejected before any call to the IdP's back channel. */
  function expectNoTokenRequest(): void {
    expect(env.idp.calls('token')).toEqual([]);
    expect(env.idp.calls('userinfo')).toEqual([]);
  }

  /** A callback URL for this client's pending login with its query replaced. */
  async function pendingCallback(client: HttpClient): Promise<URL> {
    return new URL(await callbackUrlFor(client, env.app.url));
  }

  it('B1 a callback without state is rejected before any token request', async () => {
    const client = new HttpClient();
    const callback = await pendingCallback(client);
    callback.searchParams.delete('state');
    const result = await client.get(callback.toString());
    await expectRejectedLogin(client, env.app.url, result, 400);
    expectNoTokenRequest();
  });

  it("B2 the attacker's own state in the victim's browser is rejected", async () => {
    const attacker = new HttpClient();
    const attackersCallback = await pendingCallback(attacker);
    const victim = new HttpClient();
    await beginLogin(victim, env.app.url);
    const result = await victim.get(attackersCallback.toString());
    await expectRejectedLogin(victim, env.app.url, result, 400);
    expectNoTokenRequest();
  });

  it('B2 a callback with no login started (no session) is rejected', async () => {
    const client = new HttpClient();
    const result = await client.get(`${env.app.url}/callback?code=abc&state=def`);
    await expectRejectedLogin(client, env.app.url, result, 400);
    expectNoTokenRequest();
  });

  it('B3 replaying the successful callback URL, with the pre-login cookie or the post-login one, gives no second session', async () => {
    const client = new HttpClient();
    const callback = await callbackUrlFor(client, env.app.url);
    const preLoginCookie = await client.cookieValue(env.app.url, env.cookieName);
    await expectLoggedIn(client, env.app.url, await client.get(callback));
    const postLoginCookie = await client.cookieValue(env.app.url, env.cookieName);
    expect(postLoginCookie).not.toBe(preLoginCookie);

    const withOldCookie = new HttpClient();
    await withOldCookie.setCookie(env.app.url, env.cookieName, preLoginCookie ?? '');
    await expectRejectedLogin(withOldCookie, env.app.url, await withOldCookie.get(callback), 400);

    // The logged-in browser replaying its own callback is sent home, its session untouched (B9).
    const replay = await client.get(callback);
    expect(replay.status).toBe(302);
    expect(replay.location).toBe(`${env.app.url}/dashboard`);
    expect(await client.cookieValue(env.app.url, env.cookieName)).toBe(postLoginCookie);
    await expectSession(client, env.app.url);

    expect(env.idp.calls('token')).toHaveLength(1);
    expect(env.idp.calls('userinfo')).toHaveLength(1);
  });

  it('B3 a second use of a code the IdP refuses (invalid_grant) is an error page, not a 500', async () => {
    const first = new HttpClient();
    const callback = new URL(await callbackUrlFor(first, env.app.url));
    await expectLoggedIn(first, env.app.url, await first.get(callback.toString()));

    const second = new HttpClient();
    const fresh = new URL(await callbackUrlFor(second, env.app.url));
    fresh.searchParams.set('code', callback.searchParams.get('code') ?? '');
    const result = await second.get(fresh.toString());
    await expectRejectedLogin(second, env.app.url, result, 400);
    expect(result.text).toContain('already been used');
    expect(env.idp.calls('userinfo')).toHaveLength(1);
  });

  /** The victim's browser delivers the attacker's code with the victim's own state. */
  function deliverInjectedCode(victim: HttpClient, victimState: string, attackerCallback: URL): Promise<HttpResult> {
    const injected = new URL(`${env.app.url}/callback`);
    injected.searchParams.set('code', attackerCallback.searchParams.get('code') ?? '');
    injected.searchParams.set('state', victimState);
    return victim.get(injected.toString());
  }

  it("B4 code injection: a code minted for the attacker's transaction (other nonce) is rejected on nonce, /userinfo never called", async () => {
    const victim = new HttpClient();
    const victimLogin = await beginLogin(victim, env.app.url);
    // The attacker replays the victim's PKCE challenge (so PKCE alone would not stop it) with their own nonce.
    const attackerAuthorize = new URL(victimLogin.authorizeUrl);
    attackerAuthorize.searchParams.set('nonce', randomBytes(16).toString('hex'));
    attackerAuthorize.searchParams.set('state', 'attacker-state');
    const attackerCallback = new URL(await approveAtIdp(new HttpClient(), attackerAuthorize));

    const result = await deliverInjectedCode(victim, victimLogin.state, attackerCallback);
    await expectRejectedLogin(victim, env.app.url, result, 401);
    expect(env.idp.calls('token')).toHaveLength(1);
    expect(env.idp.calls('userinfo')).toEqual([]);
  });

  it("B4 code injection with the attacker's own PKCE challenge is refused by the IdP (PKCE), /userinfo never called", async () => {
    const attacker = new HttpClient();
    const attackerCallback = new URL(await callbackUrlFor(attacker, env.app.url));
    const victim = new HttpClient();
    const victimLogin = await beginLogin(victim, env.app.url);
    const result = await deliverInjectedCode(victim, victimLogin.state, attackerCallback);
    await expectRejectedLogin(victim, env.app.url, result, 400);
    expect(env.idp.calls('token')).toHaveLength(1);
    expect(env.idp.calls('userinfo')).toEqual([]);
  });

  describe('B5 error responses', () => {
    const SCRIPT = '<script>alert(1)</script>';

    it('B5 access_denied with HTML in error_description and a javascript: error_uri: escaped generic page, no links from it', async () => {
      const client = new HttpClient();
      const { state } = await beginLogin(client, env.app.url);
      const query = new URLSearchParams({ error: 'access_denied', error_description: SCRIPT, error_uri: 'javascript:alert(1)', state });
      const result = await client.get(`${env.app.url}/callback?${query}`);
      await expectRejectedLogin(client, env.app.url, result, 400);
      expect(result.text).not.toContain('alert(1)');
      expectNoTokenRequest();
    });

    for (const error of ['access_denied', 'server_error', 'temporarily_unavailable', 'made_up_error', SCRIPT]) {
      it(`B5 error=${error} without state: generic 4xx page, no token request`, async () => {
        const client = new HttpClient();
        await beginLogin(client, env.app.url);
        const query = new URLSearchParams({ error, error_description: `<img src=x onerror=alert(1)> ${SCRIPT}` });
        const result = await client.get(`${env.app.url}/callback?${query}`);
        await expectRejectedLogin(client, env.app.url, result, 400);
        expect(result.text).not.toContain('alert(1)');
        expectNoTokenRequest();
      });
    }

    it('B5 the IdP itself redirecting with an error and HTML description: escaped page', async () => {
      env.idp.behave({
        authorize: () => ({ error: 'server_error', errorDescription: SCRIPT, errorUri: 'javascript:alert(1)' }),
      });
      const client = new HttpClient();
      const result = await attemptLogin(client, env.app.url);
      await expectRejectedLogin(client, env.app.url, result, 400);
      expectNoTokenRequest();
    });
  });

  describe('B6 iss response parameter (RFC 9207)', () => {
    it('B6 an iss naming another issuer is rejected before the token request', async () => {
      env.idp.behave({ authorize: () => ({ approve: true, extraParams: { iss: 'https://evil.test/' } }) });
      const client = new HttpClient();
      const result = await attemptLogin(client, env.app.url);
      await expectRejectedLogin(client, env.app.url, result, 400);
      expectNoTokenRequest();
    });

    it("B6 the tenant's own iss and unknown extra parameters are accepted", async () => {
      env.idp.behave({ authorize: () => ({ approve: true, extraParams: { iss: env.idp.issuer, session_state: 'x', foo: 'bar' } }) });
      const client = new HttpClient();
      await expectLoggedIn(client, env.app.url, await attemptLogin(client, env.app.url));
    });
  });

  describe('B7 duplicate and type-confused parameters', () => {
    const variants: Array<[string, (callback: URL) => string]> = [
      ['code=a&code=b', (callback) => `${callback.search}&code=${callback.searchParams.get('code')}`],
      ['state repeated', (callback) => `${callback.search}&state=${callback.searchParams.get('state')}`],
      ['state[]=x', (callback) => `?code=${callback.searchParams.get('code')}&state[]=${callback.searchParams.get('state')}`],
      ['state[$ne]=1', (callback) => `?code=${callback.searchParams.get('code')}&state[$ne]=1`],
      ['code[]=x', (callback) => `?code[]=${callback.searchParams.get('code')}&state=${callback.searchParams.get('state')}`],
      ['iss repeated', (callback) => `${callback.search}&iss=a&iss=b`],
    ];
    for (const [name, tamper] of variants) {
      it(`B7 ${name}: 400, no token request`, async () => {
        const client = new HttpClient();
        const callback = await pendingCallback(client);
        const result = await client.get(`${env.app.url}/callback${tamper(callback)}`);
        await expectRejectedLogin(client, env.app.url, result, 400);
        expectNoTokenRequest();
      });
    }
  });

  describe('authorization responses delivered to /login instead of /callback', () => {
    const variants: Array<[string, (callback: URL) => string]> = [
      ['the real code and state', (callback) => callback.search],
      ['the real code and state with a foreign iss', (callback) => `${callback.search}&iss=https://evil.test/`],
      ['a repeated code', (callback) => `${callback.search}&code=${callback.searchParams.get('code')}`],
      ['an error response', (callback) => `?error=access_denied&state=${callback.searchParams.get('state')}`],
    ];
    for (const [name, tamper] of variants) {
      it(`B6/B7 /login with ${name}: 400, no token request, the pending login survives`, async () => {
        const client = new HttpClient();
        const callback = await pendingCallback(client);
        const result = await client.get(`${env.app.url}/login${tamper(callback)}`);
        await expectRejectedLogin(client, env.app.url, result, 400);
        expectNoTokenRequest();
        await expectLoggedIn(client, env.app.url, await client.get(callback.toString()));
      });
    }
  });

  describe('B8 oversized parameters and headers', () => {
    it.each(['code', 'state'])('B8 a 10 KB %s (under the header limit) is refused by the app: 400, never sent to the IdP', async (name) => {
      const client = new HttpClient();
      const callback = await pendingCallback(client);
      callback.searchParams.set(name, name[0].repeat(10 * 1024));
      const result = await client.get(callback.toString());
      await expectRejectedLogin(client, env.app.url, result, 400);
      expectNoTokenRequest();
    });

    it('B8 a 20 KB code or state: 414/431 from the server, process stays up', async () => {
      for (const name of ['code', 'state']) {
        const client = new HttpClient();
        const callback = await pendingCallback(client);
        callback.searchParams.set(name, 'x'.repeat(20 * 1024));
        const result = await client.get(callback.toString());
        expect([414, 431]).toContain(result.status);
        await expectNoSession(client, env.app.url);
      }
      expectNoTokenRequest();
      await expectHealthy(env.app.url);
    });

    it('B8 a 20 KB Cookie header: 431, never 500, process stays up', async () => {
      const status = await new Promise<number>((resolve, reject) => {
        const request = httpRequest(`${env.app.url}/callback?code=a&state=b`, {
          headers: { cookie: `${env.cookieName}=${'x'.repeat(20 * 1024)}` },
        });
        request.on('response', (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        });
        request.on('error', reject);
        request.end();
      });
      expect(status).toBe(431);
      await expectHealthy(env.app.url);
    });

    it('B8 a 6 KB garbage cookie (under the header limit) is anonymous, never a 500', async () => {
      const client = new HttpClient();
      await client.setCookie(env.app.url, env.cookieName, 'x'.repeat(6 * 1024));
      const result = await client.get(`${env.app.url}/callback?code=a&state=b`);
      expectErrorPage(result, 400);
      await expectHealthy(env.app.url);
    });
  });

  describe('B9 concurrent logins and stale callbacks', () => {
    /** A login started in this browser and approved at the IdP, its callback not yet delivered. */
    interface PendingTab {
      login: StartedLogin;
      callback: URL;
    }

    async function openTab(client: HttpClient, returnTo = '/dashboard'): Promise<PendingTab> {
      const login = await beginLogin(client, env.app.url, `?returnTo=${encodeURIComponent(returnTo)}`);
      return { login, callback: new URL(await approveAtIdp(client, login.authorizeUrl)) };
    }

    it.each(['newer', 'older'] as const)(
      'B9 two tabs, the %s finishes first, then the other: both log in, each back to its own page',
      async (first) => {
        const client = new HttpClient();
        const tabs = { older: await openTab(client, '/dashboard?tab=older'), newer: await openTab(client, '/dashboard?tab=newer') };
        const order = first === 'newer' ? (['newer', 'older'] as const) : (['older', 'newer'] as const);
        for (const tab of order) {
          await expectLoggedIn(client, env.app.url, await client.get(tabs[tab].callback.toString()), `/dashboard?tab=${tab}`);
        }
        expect(env.idp.calls('token')).toHaveLength(2);
      },
    );

    it('B9 each tab redeems its code with its own PKCE verifier (S256 of its own challenge)', async () => {
      const client = new HttpClient();
      const tabs = [await openTab(client), await openTab(client), await openTab(client)];
      for (const tab of [tabs[1], tabs[2], tabs[0]]) await expectLoggedIn(client, env.app.url, await client.get(tab.callback.toString()));
      for (const tab of tabs) {
        const tokenCall = env.idp.calls('token').find((call) => call.body.get('code') === tab.callback.searchParams.get('code'));
        const verifier = tokenCall?.body.get('code_verifier') ?? '';
        expect(createHash('sha256').update(verifier).digest('base64url')).toBe(tab.login.authorizeUrl.searchParams.get('code_challenge'));
      }
    });

    it("B9 one tab's code delivered with another tab's state is refused (PKCE); a third pending tab still logs in", async () => {
      const client = new HttpClient();
      const first = await openTab(client);
      const second = await openTab(client);
      const third = await openTab(client);
      const swapped = new URL(second.callback);
      swapped.searchParams.set('code', first.callback.searchParams.get('code') ?? '');
      const result = await client.get(swapped.toString());
      await expectRejectedLogin(client, env.app.url, result, 400);
      expect(result.text).toContain('already been used');
      expect(env.idp.calls('userinfo')).toEqual([]);
      await expectLoggedIn(client, env.app.url, await client.get(third.callback.toString()));
    });

    it("B9 a code carrying another pending tab's nonce is refused on nonce, even with the right PKCE verifier", async () => {
      const client = new HttpClient();
      const first = await beginLogin(client, env.app.url);
      const second = await beginLogin(client, env.app.url);
      // An authorization request with the first tab's PKCE challenge but the second tab's nonce.
      const mixed = new URL(first.authorizeUrl);
      mixed.searchParams.set('nonce', second.nonce);
      const mixedCallback = new URL(await approveAtIdp(client, mixed));
      expect(mixedCallback.searchParams.get('state')).toBe(first.state);
      await expectRejectedLogin(client, env.app.url, await client.get(mixedCallback.toString()), 401);
      expect(env.idp.calls('token')).toHaveLength(1);
      expect(env.idp.calls('userinfo')).toEqual([]);
    });

    it('B9 six logins pending in one browser: the oldest is evicted (state-mismatch), the five newer ones log in', async () => {
      const client = new HttpClient();
      const tabs: PendingTab[] = [];
      for (let opened = 0; opened < 6; opened += 1) tabs.push(await openTab(client, `/dashboard?tab=${opened}`));
      const [oldest, ...newer] = tabs;
      const evicted = await client.get(oldest.callback.toString());
      await expectRejectedLogin(client, env.app.url, evicted, 400);
      expect(evicted.text).toContain('Your login request expired');
      expectNoTokenRequest();
      for (const [index, tab] of newer.entries()) {
        await expectLoggedIn(client, env.app.url, await client.get(tab.callback.toString()), `/dashboard?tab=${index + 1}`);
      }
      expect(env.idp.calls('token')).toHaveLength(5);
    });

    it('B9 a state spent by a failed attempt cannot be used again: error page, no second token request', async () => {
      const client = new HttpClient();
      const tab = await openTab(client);
      const forged = new URL(tab.callback);
      forged.searchParams.set('code', 'not-a-code-the-idp-issued');
      await expectRejectedLogin(client, env.app.url, await client.get(forged.toString()), 400);
      const genuine = await client.get(tab.callback.toString());
      await expectRejectedLogin(client, env.app.url, genuine, 400);
      expect(genuine.text).toContain('Your login request expired');
      expect(env.idp.calls('token')).toHaveLength(1);
    });

    it('B9 a used callback replayed by the logged-in browser sends home; the session is untouched', async () => {
      const client = new HttpClient();
      const tab = await openTab(client);
      await expectLoggedIn(client, env.app.url, await client.get(tab.callback.toString()));
      const cookie = await client.cookieValue(env.app.url, env.cookieName);
      const backButton = await client.get(tab.callback.toString());
      expect(backButton.status).toBe(302);
      expect(backButton.location).toBe(`${env.app.url}/dashboard`);
      expect(await client.cookieValue(env.app.url, env.cookieName)).toBe(cookie);
      await expectSession(client, env.app.url);
      expect(env.idp.calls('token')).toHaveLength(1);
    });

    it('B9 a callback whose session cookie was dropped: error page, never 500', async () => {
      const client = new HttpClient();
      const callback = await callbackUrlFor(client, env.app.url);
      const result = await new HttpClient().get(callback);
      expectErrorPage(result, 400);
      expectNoTokenRequest();
    });
  });
});
