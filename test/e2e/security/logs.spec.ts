// Issue #4 "Logs": structured JSON lines, one per failed login with its reason code, and no token,
// code, state, cookie or secret in any line. (nestjs-pino keeps one logger per process: one app per file.)
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/app.js';
import { attemptLogin, callbackUrlFor, expectLoggedIn, expectRejectedLogin } from '../../support/attack.js';
import { type HostileIdp, startHostileIdp, type TokenResponse } from '../../support/hostile-idp.js';
import { HttpClient } from '../../support/http-client.js';

interface LogLine {
  level: number;
  msg?: string;
  context?: string;
  event?: string;
  reason?: string;
  detail?: string;
  req?: Record<string, unknown>;
  clientIp?: string;
  res?: Record<string, unknown>;
}

const WARN = 40;

describe('structured logs', () => {
  const written: string[] = [];
  let bootLog: LogLine[];
  let idp: HostileIdp;
  let app: TestApp;

  const parse = (chunks: string[]): LogLine[] => chunks.join('').split('\n').filter(Boolean).map((line) => JSON.parse(line) as LogLine);
  const lines = (): LogLine[] => parse(written);

  beforeAll(async () => {
    idp = await startHostileIdp();
    app = await startTestApp(idp, { LOG_LEVEL: 'info' }, undefined, { write: (chunk: string) => written.push(chunk) });
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
      expect.objectContaining({ level: 30, msg: 'request completed', req: expect.objectContaining({ method: 'GET', path: '/healthz' }), res: { statusCode: 200 } }),
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
    expect(lines().filter((line) => line.event === 'login_failed').map((line) => line.reason)).toEqual([
      'state-mismatch',
      'invalid-callback-parameters',
      'cancelled',
      'userinfo-subject-mismatch',
    ]);
    expect(written.join('')).not.toContain('<script>');
  });
});
