// The compiled app against an IdP over HTTPS (trusted through NODE_EXTRA_CA_CERTS, read at process start):
// the refresh goes over TLS like the code exchange, and a refused one ends the session.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TEST_SESSION_SECRET } from '../../support/app.js';
import { attemptLogin, expectNoSession } from '../../support/attack.js';
import { type ChildApp, spawnApp } from '../../support/child-app.js';
import { type HostileIdp, startHostileIdp } from '../../support/hostile-idp/index.js';
import { HttpClient } from '../../support/http-client.js';
import { createSelfSignedCertificate, type SelfSignedCertificate } from '../../support/tls.js';
import { API_AUDIENCE, OFFLINE_SCOPE } from './api-tokens.js';

describe('access token refresh against an https IdP', () => {
  let certificate: SelfSignedCertificate;
  let idp: HostileIdp;
  let app: ChildApp;

  beforeAll(async () => {
    certificate = createSelfSignedCertificate(['127.0.0.1']);
    idp = await startHostileIdp({ tls: certificate });
    app = await spawnApp({
      NODE_ENV: 'test',
      NODE_EXTRA_CA_CERTS: certificate.certFile,
      AUTH0_DOMAIN: idp.origin,
      AUTH0_CLIENT_ID: idp.clientId,
      AUTH0_CLIENT_SECRET: idp.clientSecret,
      AUTH0_AUDIENCE: API_AUDIENCE,
      AUTH0_SCOPE: OFFLINE_SCOPE,
      SESSION_SECRET: TEST_SESSION_SECRET,
      SESSION_STORE: 'memory',
      LOG_LEVEL: 'warn',
    });
  });
  afterAll(async () => {
    await app?.stop();
    await idp?.close();
  });
  beforeEach(() => idp.reset());

  async function logIn(): Promise<HttpClient> {
    idp.behave({ accessToken: { expiresIn: 30, claims: { permissions: ['read:invoices'] } } });
    const client = new HttpClient({ ca: certificate.cert });
    expect((await attemptLogin(client, app.url)).status).toBe(302);
    return client;
  }

  it('T3 over TLS: the dashboard renews the token near expiry and @Permissions reads the renewed one', async () => {
    expect(idp.origin).toMatch(/^https:/);
    const client = await logIn();
    expect((await client.get(`${app.url}/dashboard`)).status).toBe(200);
    expect((await client.get(`${app.url}/invoices`)).status).toBe(200);
    expect(idp.refreshCalls()).toHaveLength(2);
  });

  it('T4 over TLS: a refused refresh ends the session', async () => {
    const client = await logIn();
    idp.behave({ refresh: { refuse: true } });
    expect((await client.get(`${app.url}/dashboard`)).location).toBe(`${app.url}/login?returnTo=%2Fdashboard`);
    await expectNoSession(client, app.url);
  });
});
