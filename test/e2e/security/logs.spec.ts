// Structured JSON logs: one line per failed login with its reason code, one per authentication event, and no token,
// code, state, cookie or secret in any line. (nestjs-pino keeps one logger per process: one app per file.)
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/app.js';
import { attemptLogin, callbackUrlFor, expectLoggedIn, expectRejectedLogin } from '../../support/attack.js';
import { DEFAULT_ACCOUNT, fault, type HostileIdp, startHostileIdp, type TokenResponse } from '../../support/hostile-idp/index.js';
import { HttpClient } from '../../support/http-client.js';
import { anything, objectContaining } from '../../support/matchers.js';

interface LogLine {
  level: number;
  sub?: string;
  sessionAgeSeconds?: number;
  msg?: string;
  context?: string;
  event?: string;
  reason?: string;
  detail?: string;
  req?: Record<string, unknown>;
  clientIp?: string;
  res?: Record<string, unknown>;
}

const INFO = 30;
const WARN = 40;
const ERROR = 50;
const ABSOLUTE_TIMEOUT_SECONDS = 4;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('structured logs', () => {
  const written: string[] = [];
  let bootLog: LogLine[];
  let idp: HostileIdp;
  let app: TestApp;

  const parse = (chunks: string[]): LogLine[] =>
    chunks
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as LogLine);
  const lines = (): LogLine[] => parse(written);

  beforeAll(async () => {
    idp = await startHostileIdp();
    // The absolute timeout alone (the idle one follows it down) keeps the timeout events quick to watch.
    app = await startTestApp(
      idp,
      { LOG_LEVEL: 'info', AUTH0_USERINFO: 'true', SESSION_ABSOLUTE_TIMEOUT: String(ABSOLUTE_TIMEOUT_SECONDS) },
      undefined,
      {
        write: (chunk: string) => written.push(chunk),
      },
    );
    bootLog = parse(written);
  });
  afterAll(async () => {
    await app.close();
    await idp.close();
  });
  beforeEach(() => {
    idp.reset();
    written.length = 0;
  });

  it('Nest’s own Logger messages from boot flow into pino as JSON lines; requests are logged one line each', async () => {
    expect(bootLog.some((line) => line.context === 'RoutesResolver' && line.level === 30)).toBe(true);
    await fetch(`${app.url}/healthz`);
    expect(lines()).toEqual([
      objectContaining({
        level: 30,
        msg: 'request completed',
        req: objectContaining({ method: 'GET', path: '/healthz' }),
        res: { statusCode: 200 },
      }),
    ]);
  });

  it('a successful login writes no code, state, nonce, token, cookie, verifier or secret', async () => {
    let issued: TokenResponse | undefined;
    idp.behave({ token: { body: (normal) => (issued = normal) } });
    const client = new HttpClient();
    const callbackUrl = await callbackUrlFor(client, app.url);
    const callback = new URL(callbackUrl);
    await expectLoggedIn(client, app.url, await client.get(callbackUrl));
    const cookie = (await client.cookieValue(app.url, app.config.session.cookieName)) ?? '';

    const log = written.join('');
    const secrets = {
      code: callback.searchParams.get('code'),
      state: callback.searchParams.get('state'),
      nonce: idp.lastAuthorize().nonce,
      codeVerifier: idp.lastCall('token').body.get('code_verifier'),
      accessToken: issued?.access_token,
      idToken: issued?.id_token,
      cookie,
      decodedCookie: decodeURIComponent(cookie),
      clientSecret: idp.clientSecret,
      sessionSecret: 'test-session-secret-with-at-least-32-characters',
    };
    for (const [name, secret] of Object.entries(secrets)) {
      expect(secret, name).toBeTruthy();
      expect(log, `${name} must not be logged`).not.toContain(secret);
    }
    expect(log).not.toMatch(/"(?:cookie|authorization|set-cookie|headers|query)"/i);

    const requests = lines().filter((line) => line.msg === 'request completed');
    expect(requests.map((line) => line.req?.path)).toEqual(['/login', '/callback', '/dashboard']);
    for (const line of requests) {
      expect(Object.keys(line.req ?? {}).sort()).toEqual(['id', 'method', 'path']);
      expect(line.clientIp).toBe('127.0.0.1');
      expect(Object.keys(line.res ?? {})).toEqual(['statusCode']);
    }
  });

  it('a failed login writes exactly one warn line with event login_failed and its reason code, and no claim values', async () => {
    idp.behave({ idToken: { claims: { nonce: 'forged-nonce-value' } } });
    const client = new HttpClient();
    const result = await attemptLogin(client, app.url);
    await expectRejectedLogin(client, app.url, result, 401);

    const failures = lines().filter((line) => line.event === 'login_failed');
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ level: WARN, context: 'Login', reason: 'id-token-rejected', req: { path: '/callback' } });
    expect(failures[0]?.detail).toMatch(/nonce/i);
    const log = written.join('');
    expect(log).not.toContain('forged-nonce-value');
    expect(log).not.toContain(idp.lastAuthorize().nonce);
  });

  it('each kind of failure logs its own reason code', async () => {
    const client = new HttpClient();
    await client.get(`${app.url}/login`);
    await client.get(`${app.url}/callback?code=a&state=wrong`);
    await client.get(`${app.url}/callback?code=a&code=b&state=x`);
    await client.get(`${app.url}/callback?error=access_denied&error_description=%3Cscript%3E`);
    idp.behave({ userinfo: { body: (normal) => ({ ...normal, sub: 'someone-else' }) } });
    await attemptLogin(client, app.url);
    expect(
      lines()
        .filter((line) => line.event === 'login_failed')
        .map((line) => line.reason),
    ).toEqual(['state-mismatch', 'invalid-callback-parameters', 'cancelled', 'userinfo-subject-mismatch']);
    expect(written.join('')).not.toContain('<script>');
  });
  it('a token endpoint refusing the client (401 invalid_client) is one login_failed line naming what to check; the page is no outage', async () => {
    idp.behave({ token: { fault: fault.json(401, { error: 'invalid_client', error_description: 'Unauthorized' }) } });
    const client = new HttpClient();
    const result = await attemptLogin(client, app.url);
    await expectRejectedLogin(client, app.url, result, 500);
    expect(result.text).toContain('We could not log you in');
    expect(result.text).not.toMatch(/not responding|is down|unavailable|took too long|in a moment/i);
    expect(result.text).not.toMatch(/AUTH0_|invalid_client|client_secret/);

    const callbackId = lines().find((line) => line.req?.path === '/callback')?.req?.id;
    const aboutCallback = lines().filter((line) => line.req?.id === callbackId && line.res === undefined);
    expect(aboutCallback).toEqual([objectContaining({ level: WARN, context: 'Login', event: 'login_failed', reason: 'client-rejected' })]);
    for (const named of ['invalid_client', '401', 'AUTH0_CLIENT_ID', 'AUTH0_CLIENT_SECRET', 'Token Endpoint Authentication Method']) {
      expect(aboutCallback[0]?.detail).toContain(named);
    }
    expect(written.join('')).not.toContain('undefined');
  });

  it.each([
    ['502', fault.reset(), 502, 'idp-unavailable'],
    ['502 with an HTML body', fault.html(503, '<h1>Service Unavailable</h1>'), 502, 'idp-bad-response'],
  ])('a %s from the IdP is one login_failed line and the request line, neither with a stack', async (_name, planned, status, reason) => {
    idp.behave({ token: { fault: planned } });
    const client = new HttpClient();
    expect((await attemptLogin(client, app.url)).status).toBe(status);
    const callback = lines().filter((line) => line.req?.path === '/callback');
    expect(callback).toEqual([
      objectContaining({ level: WARN, event: 'login_failed', reason }),
      objectContaining({ level: ERROR, res: { statusCode: status } }),
    ]);
    expect(callback[1]).not.toHaveProperty('err');
    expect(written.join('')).not.toMatch(/\\n\s+at /);
  });

  describe('authentication events (one JSON line each, with the request id, never a token, code, cookie, email or name)', () => {
    const events = (name: string): LogLine[] => lines().filter((line) => line.event === name);

    async function logIn(): Promise<{ client: HttpClient; issued: TokenResponse; userinfo: typeof DEFAULT_ACCOUNT }> {
      let issued: TokenResponse | undefined;
      idp.behave({ token: { body: (normal) => (issued = normal) } });
      const client = new HttpClient();
      await expectLoggedIn(client, app.url, await attemptLogin(client, app.url));
      if (issued === undefined) throw new Error('the IdP issued no tokens');
      return { client, issued, userinfo: DEFAULT_ACCOUNT };
    }

    function expectNothingPersonalOrSecret(line: LogLine, values: unknown[]): void {
      const text = JSON.stringify(line);
      for (const value of values) {
        if (typeof value === 'string' && value.length > 0) expect(text).not.toContain(value);
      }
    }

    it('login succeeded: sub, connection, IdP host, session age 0', async () => {
      const { client, issued, userinfo } = await logIn();
      const [event, ...more] = events('login_succeeded');
      expect(more).toEqual([]);
      expect(event).toMatchObject({
        level: INFO,
        sub: userinfo.sub,
        idpHost: new URL(idp.origin).host,
        sessionAgeSeconds: 0,
        req: objectContaining({ id: anything(), path: '/callback' }),
      });
      const cookie = await client.cookieValue(app.url, app.config.session.cookieName);
      expectNothingPersonalOrSecret(event, [userinfo.email, userinfo.name, issued.access_token, issued.id_token, cookie]);
    });

    it('logout: sub and who started it', async () => {
      const { client, userinfo } = await logIn();
      written.length = 0;
      expect((await client.postForm(`${app.url}/logout`, {})).status).toBe(302);
      const [event, ...more] = events('logout');
      expect(more).toEqual([]);
      expect(event).toMatchObject({ level: INFO, sub: userinfo.sub, initiator: 'rp', req: objectContaining({ path: '/logout' }) });
      expectNothingPersonalOrSecret(event, [userinfo.email, userinfo.name]);
    });

    it(`SESSION_ABSOLUTE_TIMEOUT=${ABSOLUTE_TIMEOUT_SECONDS} alone boots, and an active session ends after it, logged as absolute-timeout`, async () => {
      expect(app.config.session).toMatchObject({
        idleTimeoutSeconds: ABSOLUTE_TIMEOUT_SECONDS,
        absoluteTimeoutSeconds: ABSOLUTE_TIMEOUT_SECONDS,
      });
      const { client, userinfo } = await logIn();
      const loggedInAt = Date.now();
      // Active well inside the idle timeout, until the absolute one has passed.
      while (Date.now() - loggedInAt < (ABSOLUTE_TIMEOUT_SECONDS - 1) * 1000) {
        expect((await client.get(`${app.url}/dashboard`)).status).toBe(200);
        await sleep(900);
      }
      await sleep(Math.max(0, ABSOLUTE_TIMEOUT_SECONDS * 1000 + 300 - (Date.now() - loggedInAt)));
      expect((await client.get(`${app.url}/dashboard`)).status).toBe(302);
      const [event, ...more] = events('session_ended');
      expect(more).toEqual([]);
      expect(event).toMatchObject({
        level: INFO,
        reason: 'absolute-timeout',
        sub: userinfo.sub,
        req: objectContaining({ path: '/dashboard' }),
      });
      expect(event?.sessionAgeSeconds).toBeGreaterThanOrEqual(ABSOLUTE_TIMEOUT_SECONDS);
    });

    it('a session cookie for a session the store has expired is logged as expired', async () => {
      const { client } = await logIn();
      const cookie = (await client.cookieValue(app.url, app.config.session.cookieName)) ?? '';
      await sleep(ABSOLUTE_TIMEOUT_SECONDS * 1000 + 500);
      // Replayed as a browser with a skewed clock would: the store no longer has the session.
      const replay = new HttpClient();
      await replay.setCookie(app.url, app.config.session.cookieName, cookie);
      expect((await replay.get(`${app.url}/dashboard`)).status).toBe(302);
      expect(events('session_ended')).toEqual([
        objectContaining({ level: INFO, reason: 'expired', req: objectContaining({ path: '/dashboard' }) }),
      ]);
      expectNothingPersonalOrSecret(events('session_ended')[0], [cookie, decodeURIComponent(cookie)]);
    });

    it('a request without a session cookie, or a fresh login, logs no session_ended', async () => {
      await fetch(`${app.url}/dashboard`, { redirect: 'manual' });
      await logIn();
      expect(events('session_ended')).toEqual([]);
    });
  });
});
