// The offline flow: log in to the app through the local sign-in server, log out at the sign-in
// server directly, and the app's session is gone (the server posted a logout token to the app).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ROLES_CLAIM } from '../../../src/config/environment.schema.js';
import { type LocalIdp, startLocalIdp } from '../../../src/local-idp/local-idp.server.js';
import { startTestApp, TEST_CLIENT, type TestApp } from '../../support/app.js';
import { expectNoSession, expectSession } from '../../support/attack.js';
import { HttpClient } from '../../support/http-client.js';
import { signIn } from '../../support/login.js';
import { freePort } from '../../support/ports.js';

describe('H2 back-channel logout from the local sign-in server', () => {
  let idp: LocalIdp;
  let app: TestApp;

  beforeAll(async () => {
    const port = await freePort();
    const appUrl = `http://127.0.0.1:${port}`;
    idp = await startLocalIdp({
      port: 0,
      rolesClaim: DEFAULT_ROLES_CLAIM,
      clients: [
        {
          ...TEST_CLIENT,
          redirectUris: [`${appUrl}/callback`],
          postLogoutRedirectUris: [`${appUrl}/`],
          backchannelLogoutUri: `${appUrl}/backchannel-logout`,
        },
      ],
    });
    app = await startTestApp({ origin: idp.origin, ...TEST_CLIENT }, {}, port);
  });
  afterAll(async () => {
    await app?.close();
    await idp?.close();
  });

  /** The sign-in server's own logout page (`/oidc/logout`), confirmed with "Yes, sign me out". */
  async function logOutAtSignInServer(browser: HttpClient): Promise<void> {
    const confirm = await browser.get(`${idp.origin}/oidc/logout`);
    expect(confirm.status).toBe(200);
    const action = /<form[^>]*action="([^"]+)"/.exec(confirm.text)?.[1];
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(confirm.text)?.[1];
    expect(action, 'the logout form').toBeDefined();
    const answer = await browser.postForm(new URL(action ?? '', idp.origin).toString(), { xsrf: xsrf ?? '', logout: 'yes' });
    expect(answer.status, answer.text.slice(0, 200)).toBeLessThan(400);
  }

  it('H2 logging out at the sign-in server ends the app session: the dashboard sends the user to log in', async () => {
    const browser = new HttpClient();
    const callback = await signIn(browser, app.url);
    expect(callback.location).toBe(`${app.url}/dashboard`);
    await expectSession(browser, app.url);

    await logOutAtSignInServer(browser);

    await expectNoSession(browser, app.url);
  });

  it('H2 logging out through Auth0’s /v2/logout (as another application of the tenant would) ends the app session too', async () => {
    const browser = new HttpClient();
    await signIn(browser, app.url);
    await expectSession(browser, app.url);

    const signedOut = await browser.get(`${idp.origin}/v2/logout?client_id=${TEST_CLIENT.clientId}`);
    expect(signedOut.status).toBe(302);

    await expectNoSession(browser, app.url);
  });
});
