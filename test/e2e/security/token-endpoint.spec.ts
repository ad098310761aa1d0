// Attack cases C: a token endpoint that fails, lies, hangs, floods or redirects never
// produces a session, a 500 or a reflected IdP message.
import { describe, expect, it } from 'vitest';
import {
  approveAtIdp,
  attemptLogin,
  expectEndpointFault,
  beginLogin,
  expectLoggedIn,
  expectRejectedLogin,
  useAttackEnv,
} from '../../support/attack.js';
import { clientCredentialsIn, fault, type Fault, type TokenResponse } from '../../support/hostile-idp/index.js';
import { HttpClient } from '../../support/http-client.js';

const TIMEOUT_SECONDS = 1;

describe('C. token endpoint faults', () => {
  const env = useAttackEnv({ AUTH0_HTTP_TIMEOUT: String(TIMEOUT_SECONDS) });

  /** Runs a login against a faulty token endpoint; expects `status`, no session, no userinfo call. */
  async function expectTokenFault(planned: Fault, status: number): Promise<void> {
    await expectEndpointFault(env, 'token', planned, status);
    expect(env.idp.calls('userinfo')).toEqual([]);
  }

  async function expectTokenBody(body: (normal: TokenResponse) => unknown, status: number): Promise<void> {
    env.idp.reset();
    env.idp.behave({ token: { body } });
    const client = new HttpClient();
    const result = await attemptLogin(client, env.app.url);
    await expectRejectedLogin(client, env.app.url, result, status);
    expect(env.idp.calls('userinfo')).toEqual([]);
  }

  it('C1 400 invalid_grant with an <img onerror> description: generic escaped page, no session', async () => {
    await expectTokenFault(fault.json(400, { error: 'invalid_grant', error_description: '<img src=x onerror=alert(1)>' }), 400);
  });

  it('C1 401 invalid_client with a script description: escaped, a refusal of this app (500), not an outage', async () => {
    await expectTokenFault(fault.json(401, { error: 'invalid_client', error_description: '<script>alert(1)</script>' }), 500);
  });

  it.each([
    ['400 unauthorized_client', fault.json(400, { error: 'unauthorized_client' })],
    ['a bare 401 with an HTML body', fault.html(401, '<h1>Unauthorized</h1>')],
    ['400 invalid_scope', fault.json(400, { error: 'invalid_scope' })],
  ])('C1 %s: a refusal of this app (500), not an outage', async (_name, planned) => {
    await expectTokenFault(planned, 500);
  });

  it('C2 500 with an HTML body: generic error page (502), no stack trace', async () => {
    await expectTokenFault(fault.html(500, '<h1>Internal</h1><script>alert(1)</script><pre>at Object.<anonymous> (/srv/x.js:1:1)</pre>'), 502);
  });

  it('C2 503 with an HTML body: 502', async () => {
    await expectTokenFault(fault.html(503, '<h1>Service Unavailable</h1>'), 502);
  });

  it('C2 connection reset: 502, app healthy', async () => {
    await expectTokenFault(fault.reset(), 502);
  });

  describe('C3 garbage 200 bodies are rejected (502)', () => {
    it('C3 HTML with status 200', async () => {
      await expectTokenFault(fault.html(200, '<html><body>Welcome</body></html>'), 502);
    });
    it('C3 truncated JSON', async () => {
      await expectTokenFault(fault.reply(200, '{"access_token":"abc","token_ty', { 'content-type': 'application/json' }), 502);
    });
    it('C3 a JSON array', async () => {
      await expectTokenBody(() => [], 502);
    });
    it('C3 a numeric access_token', async () => {
      await expectTokenBody((normal) => ({ ...normal, access_token: 123 }), 502);
    });
    it('C3 missing token_type', async () => {
      await expectTokenBody(({ token_type: _dropped, ...rest }) => rest, 502);
    });
    it('C3 token_type other than Bearer', async () => {
      await expectTokenBody((normal) => ({ ...normal, token_type: 'MAC' }), 502);
    });
    it('C3 missing id_token although openid was requested', async () => {
      await expectTokenBody(({ id_token: _dropped, ...rest }) => rest, 502);
    });
  });

  it('C4 a token endpoint that never answers: 504 within the timeout', async () => {
    const started = Date.now();
    await expectTokenFault(fault.hang(), 504);
    expect(Date.now() - started).toBeLessThan(TIMEOUT_SECONDS * 1000 + 1500);
  });

  it('C4 slow-loris (one byte every 400 ms): 504 within the timeout, not after the whole body', async () => {
    const started = Date.now();
    await expectTokenFault(fault.drip(400), 504);
    expect(Date.now() - started).toBeLessThan(TIMEOUT_SECONDS * 1000 + 1500);
  });

  it('C5 a 50 MB streamed body is cut off at the size cap (502), fast', async () => {
    const started = Date.now();
    await expectTokenFault(fault.huge(50 * 1024 * 1024), 502);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('C5 a 5 MB id_token is refused by the size cap (502)', async () => {
    await expectTokenBody((normal) => ({ ...normal, id_token: 'e'.repeat(5 * 1024 * 1024) }), 502);
  });

  it('C6 302 from the token endpoint is a failure, not followed', async () => {
    await expectTokenFault(fault.redirect(302, `${env.idp.origin}/attacker/jwks.json`), 502);
    expect(env.idp.calls('attacker')).toEqual([]);
  });

  it('C6 301 from the token endpoint is a failure', async () => {
    await expectTokenFault(fault.redirect(301, `${env.idp.origin}/oauth/token`), 502);
  });

  it('C7 the IdP sees one client authentication, the authorize redirect_uri and a PKCE verifier', async () => {
    const client = new HttpClient();
    const started = await beginLogin(client, env.app.url);
    const callback = await approveAtIdp(client, started.authorizeUrl);
    await expectLoggedIn(client, env.app.url, await client.get(callback));

    const token = env.idp.lastCall('token');
    expect(token.method).toBe('POST');
    const credentials = clientCredentialsIn(token);
    expect(credentials).toEqual([{ method: 'client_secret_post', clientId: env.idp.clientId, clientSecret: env.idp.clientSecret }]);
    expect(token.body.getAll('client_secret')).toHaveLength(1);
    expect(token.body.getAll('redirect_uri')).toEqual([started.authorizeUrl.searchParams.get('redirect_uri')]);
    expect(token.body.get('redirect_uri')).toBe(env.app.config.auth0.callbackUrl);
    expect(started.authorizeUrl.searchParams.get('code_challenge_method')).toBe('S256');
    expect(token.body.get('code_verifier')).toMatch(/^[A-Za-z0-9._~-]{43,128}$/);
    expect(token.body.get('grant_type')).toBe('authorization_code');
    expect(token.query.toString()).toBe('');
  });
});
