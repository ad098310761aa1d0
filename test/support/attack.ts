// Shared moves of the attack suite (test/e2e/security): boot the app against the hostile IdP,
// walk a login through it, and assert "a rejected login" (error page, no session, app still up).
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import type { DestinationStream } from 'pino';
import type { RawEnvironment } from '../../src/config/environment.schema.js';
import { startTestApp, type TestApp, withIdp } from './app.js';
import { type Fault, type HostileIdp, type HostileIdpOptions, startHostileIdp, XSS_CLAIMS } from './hostile-idp/index.js';
import { HttpClient, type HttpResult } from './http-client.js';
import { freePort } from './ports.js';

export interface AttackEnv {
  app: TestApp;
  idp: HostileIdp;
  close(): Promise<void>;
}

/** One app wired to one hostile IdP (boot once per describe; `idp.reset()` between tests). */
export async function startAppWithHostileIdp(
  overrides: RawEnvironment = {},
  idpOptions: HostileIdpOptions = {},
  logDestination?: DestinationStream,
): Promise<AttackEnv> {
  const idp = await startHostileIdp(idpOptions);
  const port = await freePort();
  // A `$PORT` in an override stands for the app's own port (e.g. BASE_URL=https://127.0.0.1:$PORT).
  const resolved = Object.fromEntries(Object.entries(overrides).map(([name, value]) => [name, value?.replaceAll('$PORT', String(port))]));
  // The attack suite walks the longest path, /userinfo included (AUTH0_USERINFO=true), so that
  // "nothing reaches /userinfo before the ID token passed" is tested; override to test without it.
  return withIdp(await startTestApp(idp, { AUTH0_USERINFO: 'true', ...resolved }, port, logDestination), idp);
}

export interface StartedLogin {
  /** The IdP /authorize URL the app redirected to. */
  authorizeUrl: URL;
  state: string;
  nonce: string;
}

export interface AttackSuite extends AttackEnv {
  /** The app's session cookie name. */
  readonly cookieName: string;
}

/**
 * One app and one hostile IdP for the enclosing describe block, booted before its tests, closed
 * after them, with the IdP back to its default behaviour before each test. `logDestination`
 * receives the app's JSON log lines (LOG_LEVEL must be set in `overrides`).
 */
export function useAttackEnv(overrides: RawEnvironment = {}, logDestination?: DestinationStream): AttackSuite {
  let booted: AttackEnv | undefined;
  beforeAll(async () => {
    booted = await startAppWithHostileIdp(overrides, {}, logDestination);
  });
  afterAll(() => booted?.close());
  beforeEach(() => booted?.idp.reset());
  const env = (): AttackEnv => {
    if (booted === undefined) throw new Error('useAttackEnv: the app is only there inside tests');
    return booted;
  };
  return {
    get app() {
      return env().app;
    },
    get idp() {
      return env().idp;
    },
    get cookieName() {
      return env().app.config.session.cookieName;
    },
    close: () => env().close(),
  };
}

/**
 * The app as it runs behind a TLS-terminating proxy on this machine (https BASE_URL, the proxy
 * trusted), for the enclosing describe block; requests must send FORWARDED_HTTPS.
 */
export function useTlsProxyEnv(): AttackSuite {
  return useAttackEnv({ BASE_URL: 'https://127.0.0.1:$PORT', TRUST_PROXY: 'loopback' });
}

/** What the TLS-terminating proxy adds to every request it forwards. */
export const FORWARDED_HTTPS = { 'x-forwarded-proto': 'https' };

/** GET /login and read the authorization request it redirects to (not followed). */
export async function beginLogin(client: HttpClient, appUrl: string, query = ''): Promise<StartedLogin> {
  const login = await client.get(`${appUrl}/login${query}`);
  expect(login.status, 'GET /login').toBe(302);
  const authorizeUrl = new URL(login.location ?? '');
  return {
    authorizeUrl,
    state: authorizeUrl.searchParams.get('state') ?? '',
    nonce: authorizeUrl.searchParams.get('nonce') ?? '',
  };
}

/** The hostile IdP approves without UI: returns the callback URL it redirects the browser to. */
export async function approveAtIdp(client: HttpClient, authorizeUrl: URL | string): Promise<string> {
  const answer = await client.get(authorizeUrl.toString());
  expect(answer.status, 'hostile IdP /authorize').toBe(302);
  return answer.location ?? '';
}

/** /login -> IdP /authorize -> the callback URL, not yet delivered to the app. */
export async function callbackUrlFor(client: HttpClient, appUrl: string, query = ''): Promise<string> {
  const started = await beginLogin(client, appUrl, query);
  return approveAtIdp(client, started.authorizeUrl);
}

/** A whole login against the hostile IdP; returns the app's answer to /callback. */
export async function attemptLogin(client: HttpClient, appUrl: string, query = ''): Promise<HttpResult> {
  return client.get(await callbackUrlFor(client, appUrl, query));
}

/** Raw payloads that would execute if reflected unescaped (B5, C1, E5). */
const EXECUTABLE_MARKUP = [/<script/i, /<img src=x/i, /<svg/i, /onerror=/i, /onload=/i, /javascript:/i];
const STACK_TRACE = [/\n\s+at\s/, /\.(?:ts|js):\d+/, /node_modules/];

/** An escaped HTML error page: right status, no-store, no stack trace, nothing executable reflected. */
export function expectErrorPage(result: HttpResult, status: number): void {
  expect(result.status, `status of ${result.url}`).toBe(status);
  expect(result.headers.get('content-type')).toMatch(/^text\/html/);
  expect(result.headers.get('cache-control')).toBe('no-store');
  expect(result.text).toContain(`Error ${status}`);
  for (const pattern of [...EXECUTABLE_MARKUP, ...STACK_TRACE]) expect(result.text).not.toMatch(pattern);
}

/** The client's cookie does not open a guarded page. */
export async function expectNoSession(client: HttpClient, appUrl: string): Promise<void> {
  const dashboard = await client.get(`${appUrl}/dashboard`);
  expect(dashboard.status, 'GET /dashboard after the attempt').toBe(302);
  expect(dashboard.location).toBe(`${appUrl}/login?returnTo=%2Fdashboard`);
}

export async function expectSession(client: HttpClient, appUrl: string): Promise<HttpResult> {
  const dashboard = await client.get(`${appUrl}/dashboard`);
  expect(dashboard.status, 'GET /dashboard after login').toBe(200);
  return dashboard;
}

export async function expectHealthy(appUrl: string): Promise<void> {
  const health = await fetch(`${appUrl}/healthz`);
  expect(health.status, '/healthz after the attack').toBe(200);
}

/** A rejected login: error page with `status`, no session, and the app keeps serving. */
export async function expectRejectedLogin(client: HttpClient, appUrl: string, result: HttpResult, status: number): Promise<void> {
  expectErrorPage(result, status);
  // A callback without its login transaction links to /login on BASE_URL, where the cookie lives.
  const retry = /<a [^>]*href="([^"]*)"[^>]*>Try again</.exec(result.text)?.[1];
  expect([`/login`, `${appUrl}/login`], 'a "try again" link back to /login').toContain(retry);
  await expectNoSession(client, appUrl);
  await expectHealthy(appUrl);
}

/** A login rejected after the token exchange because of the ID token: /userinfo never called (E3). */
export async function expectIdTokenRejected(env: AttackEnv, client: HttpClient, result: HttpResult): Promise<void> {
  await expectRejectedLogin(client, env.app.url, result, 401);
  expect(env.idp.calls('token')).toHaveLength(1);
  expect(env.idp.calls('userinfo'), 'userinfo must not be called before the ID token passed').toEqual([]);
}

/** A login while `endpoint` answers with `planned`: rejected with `status`, the endpoint called once. */
export async function expectEndpointFault(env: AttackEnv, endpoint: 'token' | 'userinfo', planned: Fault, status: number): Promise<void> {
  env.idp.behave({ [endpoint]: { fault: planned } });
  const client = new HttpClient();
  await expectRejectedLogin(client, env.app.url, await attemptLogin(client, env.app.url), status);
  expect(env.idp.calls(endpoint)).toHaveLength(1);
}

/** A login that succeeded: 302 to returnTo and a working session. */
export async function expectLoggedIn(client: HttpClient, appUrl: string, result: HttpResult, returnTo = '/dashboard'): Promise<HttpResult> {
  expect(result.status, `callback answer: ${result.text.slice(0, 200)}`).toBe(302);
  expect(result.location).toBe(`${appUrl}${returnTo}`);
  return expectSession(client, appUrl);
}

const JAVASCRIPT_URL = /(?:href|src|action)\s*=\s*["']?\s*javascript:/i;

/** E5: a login whose profile is XSS_CLAIMS; the claims show escaped, and a javascript: picture is never used. */
export async function expectHostileProfileEscaped(env: AttackEnv): Promise<void> {
  env.idp.behave({ account: XSS_CLAIMS });
  const client = new HttpClient();
  const dashboard = await expectLoggedIn(client, env.app.url, await attemptLogin(client, env.app.url));
  expect(dashboard.text).not.toContain('<script>alert(1)</script>');
  expect(dashboard.text).not.toContain('<svg onload');
  // The claim may appear as escaped text in the profile JSON, never as a URL the browser follows.
  expect(dashboard.text).not.toMatch(JAVASCRIPT_URL);
  expect(dashboard.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  expect(dashboard.text).toContain('&quot;&gt;&lt;svg onload&#x3D;alert(1)&gt;');
  expect(dashboard.text).not.toMatch(/<img[^>]+src="(?!\/static\/)/);

  const home = await client.get(`${env.app.url}/`);
  expect(home.text).not.toContain('<script>alert(1)</script>');
  expect(home.text).not.toMatch(JAVASCRIPT_URL);
}
