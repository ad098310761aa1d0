// The example of reacting to logins (src/users/): each login counted in the app's own SQLite
// database, shown on the dashboard, kept across restarts; LOGIN_ALLOWED_EMAIL_DOMAINS refusing logins.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../../src/storage/sqlite-driver.js';
import { startAppWithLocalIdp, startTestApp, startTestLocalIdp, type TestApp, tempSqlitePath } from '../../support/app.js';
import { expectErrorPage, expectNoSession } from '../../support/attack.js';
import { HttpClient, type HttpResult } from '../../support/http-client.js';
import { ADMIN_ACCOUNT, loggedInClient, signIn, TEST_ACCOUNT } from '../../support/login.js';
import { freePort } from '../../support/ports.js';

/** What the dashboard shows of the user's record: the first login's time and the number of logins. */
function membershipOn(dashboard: HttpResult): { memberSince: number; loginCount: number } {
  const memberSince = /<time id="memberSince" datetime="([^"]+)"/.exec(dashboard.text)?.[1];
  const loginCount = /<dd id="loginCount">(\d+)<\/dd>/.exec(dashboard.text)?.[1];
  expect(memberSince, 'the dashboard shows #memberSince').toBeDefined();
  expect(loginCount, 'the dashboard shows #loginCount').toBeDefined();
  return { memberSince: Date.parse(memberSince ?? ''), loginCount: Number(loginCount) };
}

describe('users: logins recorded in the app’s SQLite database', () => {
  const databasePath = tempSqlitePath();
  let idp: Awaited<ReturnType<typeof startTestLocalIdp>>;
  let port: number;
  let app: TestApp;
  const start = async (): Promise<TestApp> => (app = await startTestApp(idp, { DATABASE_PATH: databasePath }, port));

  beforeAll(async () => {
    port = await freePort();
    idp = await startTestLocalIdp([port]);
    await start();
  });
  afterAll(async () => {
    await app?.close();
    await idp?.close();
  });

  async function dashboardAfterLogin(account = TEST_ACCOUNT): Promise<HttpResult> {
    const client = await loggedInClient(app.url, account);
    const dashboard = await client.get(`${app.url}/dashboard`);
    expect(dashboard.status).toBe(200);
    return dashboard;
  }

  it('SQLite: counts each login of a user in a table of DATABASE_PATH, keeps the first login’s date, and keeps both across a restart', async () => {
    const before = Date.now();
    const first = membershipOn(await dashboardAfterLogin());
    expect(first.loginCount).toBe(1);
    // The date is the login's own (within the test's run), in a <time> the page formats in UTC.
    expect(first.memberSince).toBeGreaterThanOrEqual(before - 1000);
    expect(first.memberSince).toBeLessThanOrEqual(Date.now());

    const second = membershipOn(await dashboardAfterLogin());
    expect(second).toEqual({ memberSince: first.memberSince, loginCount: 2 });
    expect(membershipOn(await dashboardAfterLogin(ADMIN_ACCOUNT)).loginCount, 'another user counts on their own').toBe(1);

    await app.close();
    await start();
    expect(membershipOn(await dashboardAfterLogin())).toEqual({ memberSince: first.memberSince, loginCount: 3 });

    // A real table of DATABASE_PATH, one row per sub.
    const db = new Database(databasePath, { readonly: true });
    try {
      expect(db.prepare('SELECT sub, login_count FROM users ORDER BY sub').all()).toEqual([
        { sub: 'auth0|local-admin-user', login_count: 1 },
        { sub: 'auth0|local-test-user', login_count: 3 },
      ]);
    } finally {
      db.close();
    }
  });
});

describe('LOGIN_ALLOWED_EMAIL_DOMAINS refuses logins outside its domains', () => {
  let env: Awaited<ReturnType<typeof startAppWithLocalIdp>>;

  beforeAll(async () => {
    env = await startAppWithLocalIdp({ LOGIN_ALLOWED_EMAIL_DOMAINS: 'partner.example, EXAMPLE.COM' });
  });
  afterAll(() => env?.close());

  it('lets in a verified address of a listed domain, whatever its case', async () => {
    const client = await loggedInClient(env.app.url, TEST_ACCOUNT);
    expect((await client.get(`${env.app.url}/dashboard`)).status).toBe(200);
  });
});

describe('LOGIN_ALLOWED_EMAIL_DOMAINS set to another domain', () => {
  let env: Awaited<ReturnType<typeof startAppWithLocalIdp>>;

  beforeAll(async () => {
    env = await startAppWithLocalIdp({ LOGIN_ALLOWED_EMAIL_DOMAINS: 'partner.example' });
  });
  afterAll(() => env?.close());

  it('refuses user@example.com with a 403 page, and no session is made', async () => {
    const client = new HttpClient();
    const answer = await signIn(client, env.app.url, TEST_ACCOUNT);
    expectErrorPage(answer, 403);
    expect(answer.text).toContain('You are not allowed to log in here');
    await expectNoSession(client, env.app.url);
  });
});
