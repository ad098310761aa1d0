// Attack case J1: a POST, PUT, PATCH or DELETE that a page of another site sent is refused (403,
// nothing changes) on every route, the ones a team adds included; this app's own pages, the user
// and servers without browser headers pass. (The log event: cross-origin-events.spec.ts; in
// Chromium: test/browser/cross-origin.spec.ts.)
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppConfig } from '../../../src/config/app-config.js';
import { APP_CONFIG } from '../../../src/config/config.module.js';
import { attemptLogin, expectErrorPage, expectLoggedIn, expectNoSession, expectSession, useAttackEnv } from '../../support/attack.js';
import { expectAccepted, mintLogoutToken, postLogoutToken } from '../../support/backchannel.js';
import { FormsModule, FormSubmissions } from '../../support/forms-module.js';
import { HttpClient } from '../../support/http-client.js';
import { type ModuleTest, startModuleTest, testUser } from '../../support/module-test.js';

const UNSAFE_METHODS = ['post', 'put', 'patch', 'delete'] as const;
// What Chromium sends with a form it submits (a navigation) and with fetch() from a page.
const FORM_SUBMISSION = { accept: 'text/html,application/xhtml+xml', 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document' };
const SCRIPT_REQUEST = { accept: '*/*', 'sec-fetch-mode': 'cors', 'sec-fetch-dest': 'empty' };

describe('J1 cross-origin unsafe requests, on a route a module adds', () => {
  let forms: ModuleTest;
  let appOrigin: string;
  const submissions = (): FormSubmissions => forms.app.get(FormSubmissions);

  beforeAll(async () => {
    forms = await startModuleTest([FormsModule]);
    appOrigin = new URL(forms.app.get<AppConfig>(APP_CONFIG).baseUrl).origin;
  });
  afterAll(() => forms?.close());

  // Each row: the browser headers of one request, and whether the handler may run for it.
  const matrix = (): Array<[string, Record<string, string>, 'allowed' | 'refused']> => [
    ['Sec-Fetch-Site: same-origin (a page of this app)', { 'sec-fetch-site': 'same-origin' }, 'allowed'],
    ['Sec-Fetch-Site: none (the user, from the address bar)', { 'sec-fetch-site': 'none' }, 'allowed'],
    ['Sec-Fetch-Site: same-site (a sibling subdomain, another port)', { 'sec-fetch-site': 'same-site' }, 'refused'],
    ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }, 'refused'],
    ['Sec-Fetch-Site with a value Fetch Metadata does not define', { 'sec-fetch-site': 'nearby' }, 'refused'],
    [
      'Sec-Fetch-Site: cross-site with this app as Origin (Fetch Metadata decides)',
      { 'sec-fetch-site': 'cross-site', origin: appOrigin },
      'refused',
    ],
    ['no Fetch Metadata, no Origin (a server, curl)', {}, 'allowed'],
    ['no Fetch Metadata, Origin is BASE_URL', { origin: appOrigin }, 'allowed'],
    ['no Fetch Metadata, Origin https://evil.example', { origin: 'https://evil.example' }, 'refused'],
    ['no Fetch Metadata, Origin null (a sandboxed frame)', { origin: 'null' }, 'refused'],
    ['no Fetch Metadata, Origin on BASE_URL’s host with another port', { origin: 'http://127.0.0.1:1' }, 'refused'],
    ['no Fetch Metadata, Origin with BASE_URL’s host over https', { origin: appOrigin.replace('http:', 'https:') }, 'refused'],
  ];

  it('J1 the header matrix, for POST, PUT, PATCH and DELETE: refused ones get a 403 and the handler never runs', async () => {
    for (const [name, headers, expected] of matrix()) {
      for (const method of UNSAFE_METHODS) {
        const route = `${method.toUpperCase()} /forms`;
        const before = submissions().count(route);
        const answer = await forms
          .as()
          [method]('/forms')
          .set({ ...SCRIPT_REQUEST, ...headers });
        expect({ name, route, status: answer.status }).toEqual({ name, route, status: expected === 'allowed' ? answerStatus(method) : 403 });
        expect(submissions().count(route), `${route}, ${name}`).toBe(before + (expected === 'allowed' ? 1 : 0));
      }
    }
  });

  it('J1 a refused form gets the 403 page, a refused fetch() 403 JSON', async () => {
    const page = await forms
      .as()
      .post('/forms')
      .set({ ...FORM_SUBMISSION, 'sec-fetch-site': 'cross-site' })
      .expect(403);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('This request came from another website');
    const json = await forms
      .as()
      .post('/forms')
      .set({ ...SCRIPT_REQUEST, 'sec-fetch-site': 'same-site' })
      .expect(403);
    expect(json.body).toEqual({ statusCode: 403, error: 'This request came from another website', message: expect.any(String) as string });
  });

  it('J1 a logged-in user’s session is no credential for another site: 403 before the route’s own guards', async () => {
    const user = testUser();
    await forms
      .as(user)
      .post('/forms/guarded')
      .set({ ...FORM_SUBMISSION, 'sec-fetch-site': 'same-site' })
      .expect(403);
    await forms
      .as()
      .post('/forms/guarded')
      .set({ ...FORM_SUBMISSION, 'sec-fetch-site': 'cross-site' })
      .expect(403);
    expect(submissions().count('POST /forms/guarded')).toBe(0);
    await forms
      .as(user)
      .post('/forms/guarded')
      .set({ ...FORM_SUBMISSION, 'sec-fetch-site': 'same-origin' })
      .expect(201);
    expect(submissions().count('POST /forms/guarded')).toBe(1);
  });

  it('J1 safe methods pass from anywhere; @AllowCrossOrigin() opens a route on purpose', async () => {
    await forms
      .as()
      .get('/forms')
      .set({ ...FORM_SUBMISSION, 'sec-fetch-site': 'cross-site' })
      .expect(200);
    await forms
      .as()
      .post('/forms/webhook')
      .set({ ...SCRIPT_REQUEST, 'sec-fetch-site': 'cross-site' })
      .expect(201);
    await forms.as().post('/forms/webhook').set({ origin: 'https://partner.example' }).expect(201);
    expect(submissions().count('POST /forms/webhook')).toBe(2);
  });
});

/** What Nest answers a handler that returns a value: 201 for POST, 200 for the others. */
function answerStatus(method: (typeof UNSAFE_METHODS)[number]): number {
  return method === 'post' ? 201 : 200;
}

describe('J1 cross-origin unsafe requests, on the app’s own routes', () => {
  const env = useAttackEnv();

  async function loggedIn(): Promise<HttpClient> {
    const client = new HttpClient();
    await expectLoggedIn(client, env.app.url, await attemptLogin(client, env.app.url));
    return client;
  }

  it('J1 POST /logout from another site (Fetch Metadata, or only an Origin) is a 403 page and the session stays', async () => {
    const client = await loggedIn();
    const fromOtherSites: Array<Record<string, string>> = [
      { 'sec-fetch-site': 'same-site' },
      { 'sec-fetch-site': 'cross-site' },
      { origin: 'https://evil.example' },
    ];
    for (const headers of fromOtherSites) {
      const refused = await client.request(`${env.app.url}/logout`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: '',
      });
      expectErrorPage(refused, 403);
      expect(refused.headers.getSetCookie(), 'the session cookie is not cleared').toEqual([]);
      await expectSession(client, env.app.url);
    }
    expect(env.idp.calls('logout')).toEqual([]);
    // The app's own logout form (same-origin) still logs out.
    const logout = await client.request(`${env.app.url}/logout`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin', origin: env.app.url },
      body: '',
    });
    expect(logout.status).toBe(302);
    await expectNoSession(client, env.app.url);
  });

  it('J1 POST /backchannel-logout needs no opening: Auth0’s server sends no browser headers; a browser form of another site gets 403 JSON', async () => {
    const login = { sub: `auth0|cross-origin-${randomUUID()}`, sid: `sid-${randomUUID()}` };
    env.idp.behave({ account: { sub: login.sub }, idToken: { claims: { sid: login.sid } } });
    const client = await loggedIn();

    const fromBrowser = await new HttpClient().request(`${env.app.url}/backchannel-logout`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site' },
      body: new URLSearchParams({ logout_token: await mintLogoutToken(env.idp, login) }),
    });
    expect(fromBrowser.status).toBe(403);
    expect(JSON.parse(fromBrowser.text)).toEqual({ error: 'invalid_request' });
    await expectSession(client, env.app.url);

    expectAccepted(await postLogoutToken(env.app.url, await mintLogoutToken(env.idp, login)));
    await expectNoSession(client, env.app.url);
  });
});
