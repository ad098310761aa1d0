// `npm start` with nothing configured: development mode and the local sign-in server, as a
// newcomer meets them (the compiled app in a child process, on random ports).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChildApp, spawnApp } from '../support/child-app.js';
import { HttpClient } from '../support/http-client.js';
import { ADMIN_ACCOUNT, signIn, TEST_ACCOUNT } from '../support/login.js';
import { freePort } from '../support/ports.js';

describe('the compiled app in development with the local sign-in server', () => {
  let app: ChildApp;
  let canonicalUrl: string;
  /** Read once booted: the other tests add request lines to the output. */
  let bootOutput: string;

  beforeAll(async () => {
    const port = await freePort();
    canonicalUrl = `http://localhost:${port}`;
    app = await spawnApp({
      NODE_ENV: 'development',
      PORT: String(port),
      BASE_URL: canonicalUrl,
      LOCAL_IDP_PORT: String(await freePort()),
      SESSION_STORE: 'memory',
    });
    bootOutput = app.output();
  });
  afterAll(() => app?.stop());

  it('ends its boot output with where to open the app, the sign-in server and the test accounts', () => {
    const lines = bootOutput.trim().split('\n');
    expect(lines.slice(-3)).toEqual([
      expect.stringContaining(`Listening on ${canonicalUrl}`),
      expect.stringMatching(/local sign-in server at http:\/\/127\.0\.0\.1:\d+/),
      expect.stringMatching(/Test accounts: user@example\.com \/ \S+, admin@example\.com \/ \S+/),
    ]);
    // Nest's routine lines (one per module and route) are debug-level in development.
    expect(bootOutput).not.toMatch(/InstanceLoader|RoutesResolver|RouterExplorer|Mapped \{/);
  });

  it('sends a page opened at 127.0.0.1 to the same path on BASE_URL before any session exists, and login then works', async () => {
    const client = new HttpClient();
    const wrongHost = await client.get(`${app.url}/dashboard?tab=profile`);
    expect(wrongHost.status).toBe(302);
    expect(wrongHost.location).toBe(`${canonicalUrl}/dashboard?tab=profile`);
    expect(wrongHost.headers.getSetCookie()).toEqual([]);

    const callback = await signIn(client, canonicalUrl);
    expect(callback.status).toBe(302);
    expect(callback.location).toBe(`${canonicalUrl}/dashboard`);
    expect((await client.get(`${canonicalUrl}/dashboard`)).status).toBe(200);
  });

  it('the local sign-in server sends roles under AUTH0_ROLES_CLAIM: admin@ opens /admin, user@ gets a 403', async () => {
    const admin = new HttpClient();
    await signIn(admin, canonicalUrl, ADMIN_ACCOUNT);
    expect((await admin.get(`${canonicalUrl}/admin`)).status).toBe(200);
    const user = new HttpClient();
    await signIn(user, canonicalUrl, TEST_ACCOUNT);
    expect((await user.get(`${canonicalUrl}/admin`)).status).toBe(403);
  });

  it('a callback that finds no login transaction says to start from BASE_URL', async () => {
    const client = new HttpClient();
    const page = await client.get(`${canonicalUrl}/callback?code=abc&state=from-another-host`);
    expect(page.status).toBe(400);
    expect(page.text).toContain(`Open the app at ${canonicalUrl} and log in from there.`);
    expect(page.text).toContain(`href="${canonicalUrl}/login"`);
    expect(app.output()).toMatch(
      new RegExp(
        `login_failed.*state-mismatch.*"host":"localhost:${new URL(canonicalUrl).port}"|"host":"localhost:${new URL(canonicalUrl).port}".*state-mismatch`,
      ),
    );
  });
});
