// Attack cases E: /userinfo is called only after the ID token passed, with a Bearer header,
// its `sub` must match, its faults end the login, and its claims are rendered escaped.
import { describe, expect, it } from 'vitest';
import {
  attemptLogin,
  expectEndpointFault,
  expectHostileProfileEscaped,
  expectLoggedIn,
  expectRejectedLogin,
  useAttackEnv,
} from '../../support/attack.js';
import { fault, type Fault } from '../../support/hostile-idp/index.js';
import { HttpClient } from '../../support/http-client.js';

const TIMEOUT_SECONDS = 1;

describe('E. userinfo', () => {
  const env = useAttackEnv({ AUTH0_HTTP_TIMEOUT: String(TIMEOUT_SECONDS) });

  const expectUserinfoFault = (planned: Fault, status: number): Promise<void> => expectEndpointFault(env, 'userinfo', planned, status);

  it('E1 a userinfo sub that differs from the ID token sub rejects the login', async () => {
    env.idp.behave({ userinfo: { body: (normal) => ({ ...normal, sub: 'foobar' }) } });
    const client = new HttpClient();
    const result = await attemptLogin(client, env.app.url);
    await expectRejectedLogin(client, env.app.url, result, 401);
    expect(env.idp.calls('userinfo')).toHaveLength(1);
  });

  it('E1 a userinfo without sub rejects the login', async () => {
    env.idp.behave({ userinfo: { body: ({ sub: _dropped, ...rest }) => rest } });
    const client = new HttpClient();
    const result = await attemptLogin(client, env.app.url);
    await expectRejectedLogin(client, env.app.url, result, 502);
  });

  it('E2 the access token travels in an Authorization: Bearer header only, never in the URL or body', async () => {
    const client = new HttpClient();
    await expectLoggedIn(client, env.app.url, await attemptLogin(client, env.app.url));
    const userinfo = env.idp.lastCall('userinfo');
    expect(userinfo.method).toBe('GET');
    expect(userinfo.headers.authorization).toMatch(/^Bearer [A-Za-z0-9_-]+$/);
    expect(userinfo.query.has('access_token')).toBe(false);
    expect(userinfo.query.toString()).toBe('');
    expect(userinfo.rawBody).toBe('');
  });

  it('E3 userinfo is called after the token exchange (every D-case asserts it is not called at all)', async () => {
    const client = new HttpClient();
    await expectLoggedIn(client, env.app.url, await attemptLogin(client, env.app.url));
    expect(env.idp.lastCall('token').seq).toBeLessThan(env.idp.lastCall('userinfo').seq);
  });

  describe('E4 userinfo faults end the login', () => {
    it('E4 401 with WWW-Authenticate: Bearer error="invalid_token" → 502', async () => {
      await expectUserinfoFault(
        fault.json(
          401,
          { error: 'invalid_token', error_description: '<script>alert(1)</script>' },
          {
            'www-authenticate': 'Bearer error="invalid_token"',
          },
        ),
        502,
      );
    });
    it('E4 500 with HTML → 502', async () => {
      await expectUserinfoFault(fault.html(500, '<h1>oops</h1><img src=x onerror=alert(1)>'), 502);
    });
    it('E4 a userinfo endpoint that never answers → 504 within the timeout', async () => {
      const started = Date.now();
      await expectUserinfoFault(fault.hang(), 504);
      expect(Date.now() - started).toBeLessThan(TIMEOUT_SECONDS * 1000 + 1500);
    });
    it('E4 garbage (not JSON) → 502', async () => {
      await expectUserinfoFault(fault.reply(200, '<<<not json>>>', { 'content-type': 'application/json' }), 502);
    });
    it('E4 a JSON array → 502', async () => {
      await expectUserinfoFault(fault.json(200, ['sub', 'auth0|hostile-user']), 502);
    });
    it('E4 10 MB body → cut off at the size cap, 502', async () => {
      await expectUserinfoFault(fault.huge(10 * 1024 * 1024), 502);
    });
    it('E4 connection reset → 502', async () => {
      await expectUserinfoFault(fault.reset(), 502);
    });
    it('E4 a redirect → 502, not followed', async () => {
      await expectUserinfoFault(fault.redirect(302, `${env.idp.origin}/attacker/jwks.json`), 502);
      expect(env.idp.calls('attacker')).toEqual([]);
    });
  });

  it('E5 hostile profile claims are rendered escaped; a javascript: picture is never used', async () => {
    await expectHostileProfileEscaped(env);
  });

  it('E5 a data: picture that is not an image, or an http: picture, is not used either', async () => {
    for (const picture of ['data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==', 'http://tracker.example/p.png', 'vbscript:msgbox(1)']) {
      env.idp.reset();
      env.idp.behave({ account: { picture } });
      const client = new HttpClient();
      const dashboard = await expectLoggedIn(client, env.app.url, await attemptLogin(client, env.app.url));
      expect(dashboard.text).not.toContain(`src="${picture}"`);
    }
  });
});
