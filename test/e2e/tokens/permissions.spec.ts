// @Permissions: the access token for AUTH0_AUDIENCE, verified (signature, iss, aud, exp), must grant every listed permission.
import { describe, expect, it } from 'vitest';
import { attemptLogin, expectErrorPage, useAttackEnv } from '../../support/attack.js';
import type { AccessTokenPlan } from '../../support/hostile-idp/index.js';
import { HttpClient, type HttpResult } from '../../support/http-client.js';
import { API_AUDIENCE } from './api-tokens.js';

const READ_INVOICES = { claims: { permissions: ['read:invoices', 'read:reports'] } };

describe('@Permissions on /invoices', () => {
  const env = useAttackEnv({ AUTH0_AUDIENCE: API_AUDIENCE, AUTH0_USERINFO: 'false' });

  async function invoicesWith(plan: AccessTokenPlan, headers?: Record<string, string>): Promise<HttpResult> {
    env.idp.behave({ accessToken: plan });
    const client = new HttpClient();
    expect((await attemptLogin(client, env.app.url)).status).toBe(302);
    return client.get(`${env.app.url}/invoices`, headers);
  }

  it('T6 anonymous: 302 to log in', async () => {
    const answer = await new HttpClient().get(`${env.app.url}/invoices`);
    expect(answer.location).toBe(`${env.app.url}/login?returnTo=%2Finvoices`);
  });

  it('T6 a JWT for the audience with the permission opens the page', async () => {
    const answer = await invoicesWith(READ_INVOICES);
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('INV-1001');
  });

  it('T6 a JWT for the audience without the permission: the 403 page naming the account, 403 JSON', async () => {
    const page = await invoicesWith({ claims: { permissions: ['read:reports'] } });
    expectErrorPage(page, 403);
    expect(page.text).toContain('hostile.user@example.com');
    const json = await invoicesWith({ claims: { permissions: ['read:reports'] } }, { accept: 'application/json' });
    expect(json.status).toBe(403);
  });

  it.each<[string, AccessTokenPlan]>([
    ['a JWT for another audience', { claims: { ...READ_INVOICES.claims, aud: 'https://other-api.example.test/' } }],
    ['a JWT from another issuer', { claims: { ...READ_INVOICES.claims, iss: 'https://evil.test/' } }],
    ['a JWT with a bad signature', { ...READ_INVOICES, corruption: 'flip-signature' }],
    ['an HS256 JWT keyed with the client secret', { ...READ_INVOICES, signing: 'hs256-client-secret' }],
    ['an expired JWT', { claims: { ...READ_INVOICES.claims, exp: Math.floor(Date.now() / 1000) - 3600 } }],
    ['a permissions claim that is a string', { claims: { permissions: 'read:invoices' } }],
    ['an opaque token', { ...READ_INVOICES, opaque: true }],
  ])('T6 %s grants no permission: 403', async (_case, plan) => {
    expectErrorPage(await invoicesWith(plan), 403);
  });

  it('T2 the dashboard shows the audience, scopes, permissions and expiry, never the token', async () => {
    let accessToken = '';
    env.idp.behave({
      accessToken: READ_INVOICES,
      token: {
        body: (normal) => {
          accessToken = normal.access_token;
          return normal;
        },
      },
    });
    const client = new HttpClient();
    expect((await attemptLogin(client, env.app.url)).status).toBe(302);
    const dashboard = await client.get(`${env.app.url}/dashboard`);
    expect(dashboard.status).toBe(200);
    expect(dashboard.text).toContain(`<code id="accessTokenAudience">${API_AUDIENCE}</code>`);
    expect(dashboard.text).toMatch(/id="accessTokenScopes">openid profile email</);
    expect(dashboard.text).toContain('<code>read:invoices</code>');
    expect(dashboard.text).toMatch(/<time id="accessTokenExpiry" datetime="[^"]+">/);
    expect(accessToken.split('.')).toHaveLength(3);
    for (const part of accessToken.split('.')) expect(dashboard.text).not.toContain(part);
  });
});
