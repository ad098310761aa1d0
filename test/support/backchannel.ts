// Back-channel logout against the compiled app: a hostile IdP over HTTPS mints logout tokens
// (valid or forged), and the app trusts its certificate through NODE_EXTRA_CA_CERTS, which Node
// reads only at process start, hence child processes.
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { RawEnvironment } from '../../src/config/environment.schema.js';
import { attemptLogin, expectLoggedIn } from './attack.js';
import { testEnvironment } from './app.js';
import { type ChildApp, spawnApp } from './child-app.js';
import { type Claims, type HostileIdp, type IdTokenPlan, startHostileIdp } from './hostile-idp/index.js';
import { HttpClient, type HttpResult } from './http-client.js';
import { freePort } from './ports.js';
import { createSelfSignedCertificate } from './tls.js';

export const BACKCHANNEL_LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';
const PROFILE_CLAIMS = ['name', 'email', 'picture', 'email_verified'];

export interface Login {
  sub: string;
  sid?: string;
}

export interface BackchannelEnv {
  idp: HostileIdp;
  /** The app instances, all with the same environment (one unless asked for more). */
  apps: ChildApp[];
  /** A browser that trusts the IdP's certificate. */
  newBrowser(): HttpClient;
  /** Logs a new browser in to `app` as `login.sub`, with `login.sid` in the ID token. */
  logIn(login: Login, app?: ChildApp): Promise<HttpClient>;
  /** Stops `app` and starts it again on the same port with the same environment (its store keeps the sessions). */
  restart(app: ChildApp): Promise<ChildApp>;
  /** A logout token for `login` signed with the IdP's key, reshaped by `plan` (forged keys, extra or missing claims). */
  logoutToken(login: Partial<Login>, plan?: IdTokenPlan): Promise<string>;
  close(): Promise<void>;
}

/** A subject no other suite uses: a sub-only logout on the shared Redis must not end another suite's sessions. */
export function uniqueLogin(): Required<Login> {
  const id = randomUUID();
  return { sub: `auth0|backchannel-${id}`, sid: `sid-${id}` };
}

export async function startBackchannelEnv(environment: RawEnvironment = {}, instances = 1): Promise<BackchannelEnv> {
  const certificate = createSelfSignedCertificate(['127.0.0.1']);
  const idp = await startHostileIdp({ tls: certificate });
  const spawnOn = (port: number): Promise<ChildApp> =>
    spawnApp(testEnvironment(port, idp, { NODE_EXTRA_CA_CERTS: certificate.certFile, LOG_LEVEL: 'warn', ...environment }));
  const apps: ChildApp[] = [];
  for (let instance = 0; instance < instances; instance += 1) apps.push(await spawnOn(await freePort()));
  const newBrowser = (): HttpClient => new HttpClient({ ca: certificate.cert });
  return {
    idp,
    apps,
    newBrowser,
    async logIn(login, app = apps[0]) {
      idp.behave({ account: { sub: login.sub }, idToken: login.sid === undefined ? {} : { claims: { sid: login.sid } } });
      const browser = newBrowser();
      await expectLoggedIn(browser, app.url, await attemptLogin(browser, app.url));
      return browser;
    },
    async restart(app) {
      await app.stop();
      const restarted = await spawnOn(app.port);
      apps.splice(apps.indexOf(app), 1, restarted);
      return restarted;
    },
    logoutToken: (login, plan) => mintLogoutToken(idp, login, plan),
    async close() {
      await Promise.all(apps.map((app) => app.stop()));
      await idp.close();
    },
  };
}

/** A logout token for `login` signed with `idp`'s key, reshaped by `plan` (forged keys, extra or missing claims). */
export function mintLogoutToken(idp: HostileIdp, login: Partial<Login>, plan: IdTokenPlan = {}): Promise<string> {
  const claims: Claims = { events: { [BACKCHANNEL_LOGOUT_EVENT]: {} }, jti: randomUUID() };
  if (login.sub !== undefined) claims.sub = login.sub;
  if (login.sid !== undefined) claims.sid = login.sid;
  return idp.mintIdToken({
    ...plan,
    claims: { ...claims, ...plan.claims },
    omitClaims: [...PROFILE_CLAIMS, ...(login.sub === undefined ? ['sub'] : []), ...(plan.omitClaims ?? [])],
    header: { typ: 'logout+jwt', ...plan.header },
  });
}

/** POSTs `logout_token` as Auth0 does: a form, no cookie. */
export function postLogoutToken(appUrl: string, logoutToken: string): Promise<HttpResult> {
  return new HttpClient().postForm(`${appUrl}/backchannel-logout`, { logout_token: logoutToken });
}

/** 200, nothing in the body a cache or a browser could use, no cookie. */
export function expectAccepted(result: HttpResult): void {
  expect(result.status, `answer to the logout token: ${result.text}`).toBe(200);
  expect(result.text).toBe('');
  expect(result.headers.get('cache-control')).toBe('no-store');
  expect(result.headers.getSetCookie()).toEqual([]);
}

/** 400 `invalid_request` in JSON, with no detail of what was wrong. */
export function expectRefused(result: HttpResult): void {
  expect(result.status, `answer to the logout token: ${result.text}`).toBe(400);
  expect(result.headers.get('content-type')).toMatch(/^application\/json/);
  expect(result.headers.get('cache-control')).toBe('no-store');
  expect(JSON.parse(result.text)).toEqual({ error: 'invalid_request' });
}
