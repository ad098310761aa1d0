// Auth0's login options offline: the local sign-in server's sign-up screen, organizations and
// invitations, through the real app.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppWithLocalIdp } from '../support/app.js';
import { HttpClient, type HttpResult } from '../support/http-client.js';
import { ADMIN_ACCOUNT, loginFormAction, submitSignIn, TEST_ACCOUNT } from '../support/login.js';
import { storedState } from '../support/stored.js';

type Env = Awaited<ReturnType<typeof startAppWithLocalIdp>>;

async function sessionUser(env: Env, client: HttpClient): Promise<Express.User | undefined> {
  const stored = storedState(env.app);
  return (await stored.session(await stored.sessionIdOf(client)))?.passport?.user;
}

/** GET /login with `query`, followed to the page the sign-in server shows. */
async function openLogin(env: Env, client: HttpClient, query: string): Promise<HttpResult> {
  const page = await client.follow(`${env.app.url}/login${query}`);
  expect(page.status, `sign-in page for /login${query}`).toBe(200);
  return page;
}

describe('the local sign-in server with AUTH0_ORGANIZATION=acme', () => {
  let env: Env;
  beforeAll(async () => {
    env = await startAppWithLocalIdp({ AUTH0_ORGANIZATION: 'acme' });
  });
  afterAll(() => env?.close());

  it('J4 admin@example.com, a member of acme, logs in; the session holds the organization', async () => {
    const client = new HttpClient();
    const page = await openLogin(env, client, '');
    expect(page.text).toContain('in <strong>acme</strong>');
    const callback = await submitSignIn(client, env.app.url, page, ADMIN_ACCOUNT);
    expect(callback.location).toBe(`${env.app.url}/dashboard`);
    const user = await sessionUser(env, client);
    expect(user?.organization).toEqual({ id: 'org_local_acme', name: 'acme' });
    expect(user?.claims.org_id).toBe('org_local_acme');
  });

  it('J4 user@example.com, no member of acme, is refused on the sign-in page and never gets a session', async () => {
    const client = new HttpClient();
    const refused = await client.postForm(loginFormAction(await openLogin(env, client, '')), TEST_ACCOUNT);
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('user@example.com is not a member of acme');
    expect((await client.get(`${env.app.url}/dashboard`)).status).toBe(302);
  });
});

describe('the local sign-in server: invitations, sign-up', () => {
  let env: Env;
  beforeAll(async () => {
    env = await startAppWithLocalIdp();
  });
  afterAll(() => env?.close());

  it('J4 an invitation link admits user@example.com to acme: the sign-in page says so, the session holds the organization', async () => {
    const client = new HttpClient();
    const page = await openLogin(env, client, '?invitation=Nzp9FDsDwYNE2l7a&organization=org_local_acme&organization_name=acme');
    expect(page.text).toContain('You are invited to join <strong>acme</strong>');
    const callback = await submitSignIn(client, env.app.url, page, TEST_ACCOUNT);
    expect(callback.location).toBe(`${env.app.url}/dashboard`);
    expect((await sessionUser(env, client))?.organization).toEqual({ id: 'org_local_acme', name: 'acme' });
  });

  it('a login without an organization carries none, even for a member', async () => {
    const client = new HttpClient();
    await submitSignIn(client, env.app.url, await openLogin(env, client, ''), ADMIN_ACCOUNT);
    const user = await sessionUser(env, client);
    expect(user).toBeDefined();
    expect(user).not.toHaveProperty('organization');
    expect(user?.claims).not.toHaveProperty('org_id');
  });

  it('an organization the sign-in server does not know is an error page there', async () => {
    const client = new HttpClient();
    const page = await client.follow(`${env.app.url}/login?organization=org_nowhere`);
    expect(page.status).toBe(400);
    expect(page.text).toContain('Unknown organization');
  });

  it('screen_hint=signup opens "Create your account"; the new account logs in to the app', async () => {
    const client = new HttpClient();
    const page = await openLogin(env, client, '?screen_hint=signup&returnTo=%2Fdashboard');
    expect(page.text).toContain('<h1>Create your account</h1>');
    const email = `new.${Date.now()}@example.com`;
    const created = await client.postForm(loginFormAction(page), { name: 'New Person', email, password: 'long-enough-1' });
    const dashboard = await client.follow(created.location ?? '');
    expect(dashboard.url).toBe(`${env.app.url}/dashboard`);
    expect(dashboard.text).toContain('New Person');
    expect((await sessionUser(env, client))?.email).toBe(email);
  });

  it('the sign-up form refuses a taken email and a short password, keeping what was typed', async () => {
    const client = new HttpClient();
    const page = await openLogin(env, client, '?screen_hint=signup');
    const taken = await client.postForm(loginFormAction(page), { name: 'Someone', email: TEST_ACCOUNT.email, password: 'long-enough-1' });
    expect(taken.status).toBe(400);
    expect(taken.text).toContain('An account with this email exists');
    expect(taken.text).toContain('value="Someone"');
    const short = await client.postForm(loginFormAction(taken), { name: 'Someone', email: 'someone.new@example.com', password: 'short' });
    expect(short.status).toBe(400);
    expect(short.text).toContain('at least 8 characters');
  });
});
