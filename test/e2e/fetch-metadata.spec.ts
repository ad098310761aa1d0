// Browser navigations get the login redirect and error pages; a page's own fetch() gets a status and JSON,
// whatever it accepts. Browsers say which is which in Fetch Metadata; clients without it are judged by Accept.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppWithLocalIdp } from '../support/app.js';
import { expectErrorPage } from '../support/attack.js';
import { HttpClient, type HttpResult, rawGet } from '../support/http-client.js';
import { signIn, TEST_ACCOUNT } from '../support/login.js';

// What Chromium sends for a link followed, and for fetch() from one of the app's pages.
const NAVIGATION = {
  accept: 'text/html,application/xhtml+xml',
  'sec-fetch-mode': 'navigate',
  'sec-fetch-dest': 'document',
  'sec-fetch-site': 'none',
};
const SCRIPT_REQUESTS = {
  'fetch()': { accept: '*/*', 'sec-fetch-mode': 'cors', 'sec-fetch-dest': 'empty', 'sec-fetch-site': 'same-origin' },
  'fetch() with mode same-origin': {
    accept: '*/*',
    'sec-fetch-mode': 'same-origin',
    'sec-fetch-dest': 'empty',
    'sec-fetch-site': 'same-origin',
  },
  'fetch() with mode no-cors': { accept: '*/*', 'sec-fetch-mode': 'no-cors', 'sec-fetch-dest': 'empty', 'sec-fetch-site': 'same-origin' },
};

function expectJson(result: HttpResult, status: number): void {
  expect(result.status).toBe(status);
  expect(result.headers.get('content-type')).toMatch(/^application\/json/);
  expect(JSON.parse(result.text)).toMatchObject({ statusCode: status });
}

describe('Fetch Metadata decides between a navigation and a script’s request', () => {
  let env: Awaited<ReturnType<typeof startAppWithLocalIdp>>;
  let userCookie: string;

  beforeAll(async () => {
    env = await startAppWithLocalIdp();
    const user = new HttpClient();
    await signIn(user, env.app.url, TEST_ACCOUNT);
    userCookie = await user.jar.getCookieString(env.app.url);
  });
  afterAll(() => env?.close());

  describe('an anonymous request for a guarded page (GET /dashboard)', () => {
    it.each(Object.entries(SCRIPT_REQUESTS))('%s gets 401 JSON, not the login redirect', async (_name, headers) => {
      expectJson(await rawGet(`${env.app.url}/dashboard`, headers), 401);
    });

    it('a navigation (Sec-Fetch-Mode: navigate) goes to log in and come back', async () => {
      const result = await rawGet(`${env.app.url}/dashboard`, { ...NAVIGATION, accept: '*/*' });
      expect(result.status).toBe(302);
      expect(result.location).toBe(`${env.app.url}/login?returnTo=%2Fdashboard`);
    });

    it('Sec-Fetch-Dest: document alone is a navigation too', async () => {
      expect((await rawGet(`${env.app.url}/dashboard`, { accept: '*/*', 'sec-fetch-dest': 'document' })).status).toBe(302);
    });

    it('without Fetch Metadata, Accept decides: */* is a browser, JSON only an API client', async () => {
      expect((await rawGet(`${env.app.url}/dashboard`, { accept: '*/*' })).status).toBe(302);
      expectJson(await rawGet(`${env.app.url}/dashboard`, { accept: 'application/json' }), 401);
    });
  });

  describe('a logged-in user refused by @Roles (GET /admin)', () => {
    it('fetch() gets 403 JSON', async () => {
      expectJson(await rawGet(`${env.app.url}/admin`, { ...SCRIPT_REQUESTS['fetch()'], cookie: userCookie }), 403);
    });

    it('a navigation gets the 403 page, even with Accept: */*', async () => {
      expectErrorPage(await rawGet(`${env.app.url}/admin`, { ...NAVIGATION, accept: '*/*', cookie: userCookie }), 403);
    });
  });
});
