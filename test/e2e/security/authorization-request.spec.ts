// Attack cases A: the authorization request /login sends to the IdP.
import { request as httpRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import { beginLogin, useAttackEnv } from '../../support/attack.js';
import { HttpClient } from '../../support/http-client.js';

/** Bits of entropy an opaque random string can at most carry, from its length and alphabet. */
function maxEntropyBits(value: string): number {
  const alphabet = /^[0-9a-f]+$/.test(value) ? 16 : /^[A-Za-z0-9]+$/.test(value) ? 62 : 64;
  return value.length * Math.log2(alphabet);
}

/** GET /login with headers fetch() will not send (Host), through a raw request. */
function rawLogin(appUrl: string, headers: Record<string, string>): Promise<{ status: number; location: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${appUrl}/login`, { headers, setHost: false });
    request.on('response', (response) => {
      response.resume();
      resolve({ status: response.statusCode ?? 0, location: String(response.headers.location ?? '') });
    });
    request.on('error', reject);
    request.end();
  });
}

const HOSTILE_HOST_HEADERS = {
  host: 'evil.test',
  'x-forwarded-host': 'evil.test',
  'x-forwarded-proto': 'https',
  forwarded: 'host=evil.test;proto=https',
};

describe('A. authorization request', () => {
  const env = useAttackEnv();

  it('A1 /login redirects to /authorize with code flow, openid, the registered redirect_uri, fresh state and nonce, PKCE S256, no-store', async () => {
    const first = new HttpClient();
    const login = await first.get(`${env.app.url}/login`);
    expect(login.status).toBe(302);
    expect(login.headers.get('cache-control')).toBe('no-store');
    const { authorizeUrl, state, nonce } = await beginLogin(first, env.app.url);
    expect(`${authorizeUrl.origin}${authorizeUrl.pathname}`).toBe(`${env.idp.origin}/authorize`);
    const params = authorizeUrl.searchParams;
    expect(params.get('response_type')).toBe('code');
    expect(params.get('scope')?.split(' ')).toContain('openid');
    expect(params.get('client_id')).toBe(env.idp.clientId);
    expect(params.get('redirect_uri')).toBe(env.app.config.auth0.callbackUrl);
    expect(new URL(params.get('redirect_uri') ?? '').protocol).toMatch(/^https?:$/);
    expect(params.get('code_challenge_method')).toBe('S256');
    expect(params.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(maxEntropyBits(state)).toBeGreaterThanOrEqual(128);
    expect(maxEntropyBits(nonce)).toBeGreaterThanOrEqual(128);
    // Only parameters Auth0 defines go out: no `session` flag or other authenticate options leak.
    expect([...params.keys()].sort()).toEqual(
      ['client_id', 'code_challenge', 'code_challenge_method', 'nonce', 'redirect_uri', 'response_type', 'scope', 'state'].sort(),
    );

    const second = await beginLogin(new HttpClient(), env.app.url);
    expect(second.state).not.toBe(state);
    expect(second.nonce).not.toBe(nonce);
    expect(second.authorizeUrl.searchParams.get('code_challenge')).not.toBe(params.get('code_challenge'));
  });

  it('A2 Host and X-Forwarded-Host injection do not change redirect_uri', async () => {
    const injected = await rawLogin(env.app.url, HOSTILE_HOST_HEADERS);
    expect(injected.status).toBe(302);
    const authorize = new URL(injected.location);
    expect(authorize.origin).toBe(env.idp.origin);
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${env.app.url}/callback`);
    expect(injected.location).not.toContain('evil.test');
  });
});

describe('A2 behind a trusted proxy', () => {
  const env = useAttackEnv({ TRUST_PROXY: 'true' });

  it('A2 with TRUST_PROXY=true the forwarded host is still ignored', async () => {
    const injected = await rawLogin(env.app.url, HOSTILE_HOST_HEADERS);
    expect(injected.status).toBe(302);
    expect(new URL(injected.location).searchParams.get('redirect_uri')).toBe(`${env.app.url}/callback`);
    expect(injected.location).not.toContain('evil.test');
  });
});
