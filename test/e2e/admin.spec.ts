// The example guarded module: GET /admin for users with the admin role, against the local sign-in
// server (which sends roles in AUTH0_ROLES_CLAIM, as an Auth0 post-login Action does).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppWithLocalIdp } from '../support/app.js';
import { expectErrorPage } from '../support/attack.js';
import { HttpClient, type HttpResult } from '../support/http-client.js';
import { ADMIN_ACCOUNT, signIn, TEST_ACCOUNT } from '../support/login.js';

const JSON_ONLY = { accept: 'application/json' };

/** The header's main navigation links, as label -> whether it is the current page. */
function navLinks(page: HttpResult): Record<string, boolean> {
  const nav = /<nav class="site-nav"[^>]*>([\s\S]*?)<\/nav>/.exec(page.text)?.[1] ?? '';
  return Object.fromEntries(
    [...nav.matchAll(/<a href="[^"]*"( aria-current="page")?>([^<]*)<\/a>/g)].map((link) => [link[2], Boolean(link[1])]),
  );
}

describe('the admin module (GET /admin, @Roles("admin"))', () => {
  let env: Awaited<ReturnType<typeof startAppWithLocalIdp>>;
  const adminUrl = (): string => `${env.app.url}/admin`;

  beforeAll(async () => {
    env = await startAppWithLocalIdp();
  });
  afterAll(() => env?.close());

  /** A browser logged in as `account`. */
  async function loggedIn(account: typeof TEST_ACCOUNT): Promise<HttpClient> {
    const client = new HttpClient();
    const callback = await signIn(client, env.app.url, account);
    expect(callback.status, 'callback answer').toBe(302);
    return client;
  }

  it('sends an anonymous browser to log in and back to /admin; an anonymous JSON client gets a 401', async () => {
    const client = new HttpClient();
    const page = await client.get(adminUrl());
    expect(page.status).toBe(302);
    expect(page.location).toBe(`${env.app.url}/login?returnTo=%2Fadmin`);

    const api = await client.get(adminUrl(), JSON_ONLY);
    expect(api.status).toBe(401);
    expect(JSON.parse(api.text)).toMatchObject({ statusCode: 401 });
  });

  it('brings the admin to /admin after logging in from there', async () => {
    const client = new HttpClient();
    const callback = await signIn(client, env.app.url, ADMIN_ACCOUNT, '/admin');
    expect(callback.location).toBe(adminUrl());
    expect((await client.get(adminUrl())).status).toBe(200);
  });

  it('refuses a logged-in user without the role: a 403 page naming the account, a way back and a log-out form', async () => {
    const client = await loggedIn(TEST_ACCOUNT);
    const page = await client.get(adminUrl());
    expectErrorPage(page, 403);
    expect(page.text).toContain('You don’t have access to this page');
    expect(page.text).toMatch(/You are logged in as <strong>Test User<\/strong> \(user@example\.com\)/);
    expect(page.text).toMatch(/<a class="btn btn--primary" href="\/">Go to the home page<\/a>/);
    expect(page.text).toMatch(/<form method="post" action="\/logout">\s*<button id="accessDeniedLogoutBtn"/);
    expect(page.text).not.toContain('Sessions in the store');
    expect(navLinks(page)).toEqual({ Home: false, Dashboard: false });

    const api = await client.get(adminUrl(), JSON_ONLY);
    expect(api.status).toBe(403);
    expect(api.headers.get('content-type')).toMatch(/^application\/json/);
    expect(JSON.parse(api.text)).toEqual({
      statusCode: 403,
      error: 'You don’t have access to this page',
      message: expect.stringContaining('not allowed') as unknown,
    });

    // Still logged in: a refusal is not a logout.
    expect((await client.get(`${env.app.url}/dashboard`)).status).toBe(200);
  });

  it('shows the admin their page: their name and email, the store and its session count, and the Admin link', async () => {
    const client = await loggedIn(ADMIN_ACCOUNT);
    const page = await client.get(adminUrl());
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.text).toContain('<h2>Admin User</h2>');
    expect(page.text).toContain('admin@example.com');
    expect(page.text).toMatch(/<dd>memory<\/dd>/);
    const count = Number(/<dd id="sessionCount">(\d+)<\/dd>/.exec(page.text)?.[1]);
    expect(count).toBeGreaterThanOrEqual(1);
    expect(navLinks(page)).toEqual({ Home: false, Dashboard: false, Admin: true });

    // The count is the store's: one more login adds one session.
    await loggedIn(TEST_ACCOUNT);
    const after = await client.get(adminUrl());
    expect(Number(/<dd id="sessionCount">(\d+)<\/dd>/.exec(after.text)?.[1])).toBeGreaterThanOrEqual(count + 1);
  });

  it('only shows the Admin link to admins, on every page', async () => {
    expect(navLinks(await new HttpClient().get(`${env.app.url}/`))).toEqual({ Home: true });
    const user = await loggedIn(TEST_ACCOUNT);
    expect(navLinks(await user.get(`${env.app.url}/dashboard`))).toEqual({ Home: false, Dashboard: true });
    const admin = await loggedIn(ADMIN_ACCOUNT);
    expect(navLinks(await admin.get(`${env.app.url}/dashboard`))).toEqual({ Home: false, Dashboard: true, Admin: false });
    // Error pages get the same links.
    const missing = await admin.get(`${env.app.url}/no-such-page`);
    expect(missing.status).toBe(404);
    expect(navLinks(missing)).toEqual({ Home: false, Dashboard: false, Admin: false });
  });

  it('reads the roles of whoever the session holds now: logging in as another user in the same browser changes the answer', async () => {
    const admin = await loggedIn(ADMIN_ACCOUNT);
    expect((await admin.get(adminUrl())).status).toBe(200);
    const sessionCookie = env.app.config.session.cookieName;

    // The same browser at the app (its cookie), without the sign-in server's session: the form asks again.
    const browser = new HttpClient();
    await browser.setCookie(env.app.url, sessionCookie, (await admin.cookieValue(env.app.url, sessionCookie)) ?? '');
    await signIn(browser, env.app.url, TEST_ACCOUNT);
    expectErrorPage(await browser.get(adminUrl()), 403);

    const again = new HttpClient();
    await again.setCookie(env.app.url, sessionCookie, (await browser.cookieValue(env.app.url, sessionCookie)) ?? '');
    await signIn(again, env.app.url, ADMIN_ACCOUNT);
    expect((await again.get(adminUrl())).status).toBe(200);
  });
});
