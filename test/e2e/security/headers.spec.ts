// Attack cases I: security headers, no discovery, and TLS to the IdP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_SESSION_SECRET, type TestApp } from '../../support/app.js';
import {
  attemptLogin,
  beginLogin,
  expectLoggedIn,
  expectRejectedLogin,
  FORWARDED_HTTPS,
  useAttackEnv,
  useTlsProxyEnv,
} from '../../support/attack.js';
import { spawnApp } from '../../support/child-app.js';
import { startHostileIdp } from '../../support/hostile-idp/index.js';
import { HttpClient } from '../../support/http-client.js';
import { createSelfSignedCertificate } from '../../support/tls.js';

function expectSecurityHeaders(headers: Headers): void {
  expect(headers.get('x-content-type-options')).toBe('nosniff');
  expect(headers.get('referrer-policy')).toBe('no-referrer');
  const csp = headers.get('content-security-policy') ?? '';
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toContain('unsafe-inline');
  expect(csp).toContain("object-src 'none'");
}

describe('I. transport, headers, platform', () => {
  const env = useAttackEnv();

  it('I1 HTML responses carry nosniff, a CSP with frame-ancestors and no inline script, and Referrer-Policy', async () => {
    const client = new HttpClient();
    const dashboard = await expectLoggedIn(client, env.app.url, await attemptLogin(client, env.app.url));
    for (const page of [
      dashboard,
      await client.get(`${env.app.url}/`),
      await client.get(`${env.app.url}/logout`),
      await new HttpClient().get(`${env.app.url}/callback?error=x`),
    ]) {
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expectSecurityHeaders(page.headers);
      expect(page.text).not.toMatch(/<script(?![^>]*\bsrc=)/i);
    }
  });

  it('I2 discovery is never used: a hostile discovery document (issuer mismatch) has no effect', async () => {
    env.idp.behave({
      discovery: { body: (normal) => ({ ...normal, issuer: 'https://evil.test/', token_endpoint: 'https://evil.test/token' }) },
    });
    const client = new HttpClient();
    await expectLoggedIn(client, env.app.url, await attemptLogin(client, env.app.url));
    expect(env.idp.calls('discovery')).toEqual([]);
  });
});

describe('I1 with an https BASE_URL', () => {
  const proxied = useTlsProxyEnv();

  it('I1 with an https BASE_URL, HSTS is sent as well', async () => {
    const home = await new HttpClient().get(`${proxied.app.url}/`, FORWARDED_HTTPS);
    expect(home.headers.get('strict-transport-security')).toMatch(/^max-age=\d{7,}; includeSubDomains$/);
    expectSecurityHeaders(home.headers);
  });
});

describe('I3 TLS to the IdP', () => {
  let app: TestApp;
  let idp: Awaited<ReturnType<typeof startHostileIdp>>;

  beforeAll(async () => {
    const { key, cert } = createSelfSignedCertificate(['127.0.0.1']);
    idp = await startHostileIdp({ tls: { key, cert } });
    app = await startTestApp(idp);
  });
  afterAll(async () => {
    await app.close();
    await idp.close();
  });

  it('I3 an IdP with a certificate the system does not trust is refused (502): no token request completes', async () => {
    expect(app.config.auth0.tokenUrl).toMatch(/^https:/);
    const client = new HttpClient();
    const { state } = await beginLogin(client, app.url);
    const result = await client.get(`${app.url}/callback?code=any-code&state=${state}`);
    await expectRejectedLogin(client, app.url, result, 502);
    expect(idp.calls('token')).toEqual([]);
  });
});

describe('I3 TLS to the IdP, certificate for another host', () => {
  it('I3 a trusted certificate issued for another host name is refused (502): no token request completes', async () => {
    // Trusted through NODE_EXTRA_CA_CERTS (only read at process start, hence a child process) but
    // issued for evil.test while the app talks to 127.0.0.1.
    const { key, cert, certFile } = createSelfSignedCertificate(['evil.test']);
    const idp = await startHostileIdp({ tls: { key, cert } });
    const app = await spawnApp({
      NODE_ENV: 'test',
      NODE_EXTRA_CA_CERTS: certFile,
      AUTH0_DOMAIN: idp.origin,
      AUTH0_CLIENT_ID: idp.clientId,
      AUTH0_CLIENT_SECRET: idp.clientSecret,
      SESSION_SECRET: TEST_SESSION_SECRET,
      SESSION_STORE: 'memory',
      LOG_LEVEL: 'warn',
    });
    try {
      const client = new HttpClient();
      const { state } = await beginLogin(client, app.url);
      const result = await client.get(`${app.url}/callback?code=any-code&state=${state}`);
      await expectRejectedLogin(client, app.url, result, 502);
      expect(idp.calls('token')).toEqual([]);
      // Refused for the host name, not for trust: the certificate itself is trusted.
      expect(app.output()).toMatch(/altnames/);
    } finally {
      await app.stop();
      await idp.close();
    }
  });
});
