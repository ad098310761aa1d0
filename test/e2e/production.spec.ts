import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_ROLES_CLAIM } from '../../src/config/environment.schema.js';
import { type LocalIdp, startLocalIdp } from '../../src/local-idp/local-idp.server.js';
import { tempSqlitePath, TEST_CLIENT, TEST_SESSION_SECRET } from '../support/app.js';
import { attemptLogin } from '../support/attack.js';
import { type ChildApp, runAppUntilExit, spawnApp } from '../support/child-app.js';
import { type HostileIdp, startHostileIdp } from '../support/hostile-idp/index.js';
import { HttpClient } from '../support/http-client.js';
import { signIn } from '../support/login.js';
import { freePort } from '../support/ports.js';
import { createSelfSignedCertificate, type SelfSignedCertificate } from '../support/tls.js';
import { waitFor } from '../support/wait.js';

// NODE_ENV=production, an Auth0-shaped IdP at AUTH0_DOMAIN=host:port over
// https trusted through NODE_EXTRA_CA_CERTS, the compiled app logs a user in and out.
describe('the compiled app in production against an https IdP', () => {
  let certificate: SelfSignedCertificate;
  let idp: LocalIdp;
  let app: ChildApp;
  let sqlitePath: string;

  beforeAll(async () => {
    certificate = createSelfSignedCertificate(['127.0.0.1']);
    sqlitePath = tempSqlitePath();
    const port = await freePort();
    idp = await startLocalIdp({
      port: 0,
      tls: certificate,
      rolesClaim: DEFAULT_ROLES_CLAIM,
      clients: [{ ...TEST_CLIENT, redirectUris: [`http://127.0.0.1:${port}/callback`], postLogoutRedirectUris: [`http://127.0.0.1:${port}/`] }],
    });
    app = await spawnApp({
      NODE_ENV: 'production',
      PORT: String(port),
      BASE_URL: `http://127.0.0.1:${port}`,
      SESSION_STORE: 'sqlite',
      SESSION_SQLITE_PATH: sqlitePath,
      SESSION_SECRET: TEST_SESSION_SECRET,
      // The host:port form, which the app must take as https.
      AUTH0_DOMAIN: new URL(idp.origin).host,
      AUTH0_CLIENT_ID: TEST_CLIENT.clientId,
      AUTH0_CLIENT_SECRET: TEST_CLIENT.clientSecret,
      NODE_EXTRA_CA_CERTS: certificate.certFile,
    });
  });
  afterAll(async () => {
    await app?.stop();
    await idp?.close();
  });

  it('names in its boot line the tenant, BASE_URL and the session store, and no secret', () => {
    expect(app.output()).toContain(
      `Listening on ${app.url} (port ${app.port}) for the Auth0 tenant ${new URL(idp.origin).host}, sqlite session store at ${sqlitePath}`,
    );
    expect(app.output()).not.toContain(TEST_CLIENT.clientSecret);
    expect(app.output()).not.toContain(TEST_SESSION_SECRET);
  });

  it('does not load the local sign-in server', () => {
    expect(app.output()).toContain('Listening on');
    // On Node 20 merely importing oidc-provider prints its "Unsupported runtime" warning.
    expect(app.output()).not.toMatch(/local sign-in server|No AUTH0_DOMAIN|oidc-provider/i);
  });

  it('logs a user in, shows the dashboard, logs out, and the old cookie no longer works', async () => {
    const client = new HttpClient({ ca: certificate.cert });

    const login = await client.get(`${app.url}/login`);
    expect(login.status).toBe(302);
    expect(login.location).toMatch(new RegExp(`^${idp.origin}/authorize\\?`));

    const callback = await signIn(client, app.url);
    expect(callback.status).toBe(302);
    expect(callback.location).toBe(`${app.url}/dashboard`);

    const dashboard = await client.get(`${app.url}/dashboard`);
    expect(dashboard.status).toBe(200);
    expect(dashboard.text).toContain('Test User');
    expect(dashboard.text).toContain('user@example.com');
    expect(dashboard.text).toContain('id="qsLogoutBtn"');

    const cookie = await client.cookieValue(app.url, 'app_session');
    expect(cookie).toBeDefined();

    const logout = await client.postForm(`${app.url}/logout`, {});
    expect(logout.status).toBe(302);
    const idpLogout = new URL(logout.location ?? '');
    expect(`${idpLogout.origin}${idpLogout.pathname}`).toBe(`${idp.origin}/oidc/logout`);
    expect(idpLogout.searchParams.get('post_logout_redirect_uri')).toBe(`${app.url}/`);
    const home = await client.follow(logout.location ?? '');
    expect(home.url).toBe(`${app.url}/`);
    expect(home.text).toContain('id="qsLoginBtn"');

    const replayed = new HttpClient();
    await replayed.setCookie(app.url, 'app_session', cookie ?? '');
    const afterLogout = await replayed.get(`${app.url}/dashboard`);
    expect(afterLogout.status).toBe(302);
    expect(afterLogout.location).toBe(`${app.url}/login?returnTo=%2Fdashboard`);
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });
});

// At boot in production the app reads the tenant's discovery document once: a wrong but well-formed
// AUTH0_DOMAIN, or a tenant that is down, is one warning naming AUTH0_DOMAIN, and the app serves anyway.
describe('the compiled app in production checks AUTH0_DOMAIN against the tenant’s discovery document', () => {
  let certificate: SelfSignedCertificate;
  let idp: HostileIdp;

  beforeAll(async () => {
    certificate = createSelfSignedCertificate(['127.0.0.1']);
    idp = await startHostileIdp({ tls: certificate });
  });
  afterAll(() => idp?.close());
  beforeEach(() => idp.reset());

  async function startProduction(auth0Domain: string): Promise<ChildApp> {
    return spawnApp({
      NODE_ENV: 'production',
      SESSION_STORE: 'sqlite',
      SESSION_SQLITE_PATH: tempSqlitePath(),
      SESSION_SECRET: TEST_SESSION_SECRET,
      AUTH0_DOMAIN: auth0Domain,
      AUTH0_CLIENT_ID: idp.clientId,
      AUTH0_CLIENT_SECRET: idp.clientSecret,
      NODE_EXTRA_CA_CERTS: certificate.certFile,
    });
  }

  const warnings = (app: ChildApp): string[] =>
    app
      .output()
      .split('\n')
      .filter((line) => line.includes('AUTH0_DOMAIN'));

  /** Waits for the warning, then checks there is exactly one and that the app still serves a login. */
  async function expectOneWarningAndService(app: ChildApp, cause: RegExp): Promise<void> {
    await waitFor(() => warnings(app).length > 0, 10_000, { timeoutMessage: () => `no AUTH0_DOMAIN warning:\n${app.output()}` });
    expect((await new HttpClient({ ca: certificate.cert }).get(`${app.url}/login`)).status).toBe(302);
    const [warning, ...more] = warnings(app);
    expect(more).toEqual([]);
    expect(JSON.parse(warning ?? '{}')).toMatchObject({ level: 40, context: 'Bootstrap', msg: expect.stringMatching(cause) as unknown });
  }

  it('says nothing when the discovery document names the configured issuer', async () => {
    const app = await startProduction(idp.host);
    try {
      await waitFor(() => idp.calls('discovery').length === 1, 10_000);
      // A whole login after the discovery answer: the check had its answer long before.
      const client = new HttpClient({ ca: certificate.cert });
      expect((await attemptLogin(client, app.url)).status).toBe(302);
      expect(warnings(app)).toEqual([]);
      expect(idp.calls('discovery')).toHaveLength(1);
    } finally {
      await app.stop();
    }
  });

  it('one warning naming AUTH0_DOMAIN when the discovery document names another issuer; the app serves', async () => {
    idp.behave({ discovery: { body: (normal) => ({ ...normal, issuer: 'https://another-tenant.example/' }) } });
    const app = await startProduction(idp.host);
    try {
      await expectOneWarningAndService(
        app,
        /^AUTH0_DOMAIN: .*names the issuer "https:\/\/another-tenant\.example\/", not https:\/\/127\.0\.0\.1:\d+\/\)/,
      );
    } finally {
      await app.stop();
    }
  });

  it('one warning naming AUTH0_DOMAIN when the tenant does not answer; the app serves', async () => {
    const app = await startProduction(`127.0.0.1:${await freePort()}`);
    try {
      await expectOneWarningAndService(app, /^AUTH0_DOMAIN: .*could not be reached/);
    } finally {
      await app.stop();
    }
  });
});

// A line of a Node stack trace: "    at fn (file:///…/x.js:12:34)".
const STACK_FRAME = /^\s+at .+:\d+:\d+\)?$/m;

describe('the compiled app in production with a missing variable', () => {
  it('exits non-zero, naming each missing variable, with no stack trace', async () => {
    const port = await freePort();
    const result = await runAppUntilExit({
      NODE_ENV: 'production',
      PORT: String(port),
      BASE_URL: `http://127.0.0.1:${port}`,
      SESSION_SQLITE_PATH: tempSqlitePath(),
      AUTH0_DOMAIN: 'tenant.auth0.com',
      AUTH0_CLIENT_ID: TEST_CLIENT.clientId,
    });
    expect(result.code).not.toBe(0);
    expect(result.code).not.toBeNull();
    expect(result.stderr).toContain('AUTH0_CLIENT_SECRET');
    expect(result.stderr).toContain('SESSION_SECRET');
    expect(result.stderr).not.toContain('AUTH0_CLIENT_ID');
    expect(result.stderr).not.toMatch(STACK_FRAME);
    expect(result.output).not.toMatch(/local sign-in server|oidc-provider|Listening on/i);
  });

  it('exits non-zero naming BASE_URL when it is missing, so Auth0 never gets a localhost redirect_uri', async () => {
    const result = await runAppUntilExit({
      NODE_ENV: 'production',
      PORT: String(await freePort()),
      SESSION_SQLITE_PATH: tempSqlitePath(),
      AUTH0_DOMAIN: 'tenant.auth0.com',
      AUTH0_CLIENT_ID: TEST_CLIENT.clientId,
      AUTH0_CLIENT_SECRET: TEST_CLIENT.clientSecret,
      SESSION_SECRET: TEST_SESSION_SECRET,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^ {2}- BASE_URL: is required when NODE_ENV=production/m);
    expect(result.stderr).not.toMatch(STACK_FRAME);
    expect(result.output).not.toMatch(/Listening on/);
  });

  it('names every problem at once when several variables are wrong', async () => {
    const result = await runAppUntilExit({
      NODE_ENV: 'production',
      PORT: 'not-a-port',
      SESSION_STORE: 'memory',
      AUTH0_DOMAIN: 'http://evil.test',
    });
    expect(result.code).toBe(1);
    for (const name of ['PORT', 'BASE_URL', 'SESSION_STORE', 'AUTH0_DOMAIN', 'AUTH0_CLIENT_ID', 'AUTH0_CLIENT_SECRET', 'SESSION_SECRET']) {
      expect(result.stderr).toContain(`${name}:`);
    }
    expect(result.stderr).not.toMatch(STACK_FRAME);
  });
});
