import { createLocalJWKSet, exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { AccessTokenVerifier, looksLikeJwt } from '../../../src/idp/access-token-verifier.js';

const ISSUER = 'https://tenant.example.test/';
const AUDIENCE = 'https://api.example.test/';

describe('AccessTokenVerifier (RFC 9068 §4, RFC 8725)', () => {
  let verifier: AccessTokenVerifier;
  let sign: (claims: JWTPayload, alg?: string) => Promise<string>;

  beforeAll(async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256' };
    verifier = new AccessTokenVerifier(
      { issuer: ISSUER, audience: AUDIENCE, algorithm: 'RS256' },
      { getKey: createLocalJWKSet({ keys: [jwk] }) },
    );
    sign = (claims) =>
      new SignJWT({ iss: ISSUER, aud: [AUDIENCE, `${ISSUER}userinfo`], exp: Math.floor(Date.now() / 1000) + 60, ...claims })
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .sign(privateKey);
  });

  it('accepts an RS256 token whose aud contains the API, and returns its claims', async () => {
    expect(await verifier.verify(await sign({ permissions: ['read:invoices'] }))).toMatchObject({ permissions: ['read:invoices'] });
  });

  it.each<[string, JWTPayload]>([
    ['another audience', { aud: 'https://other.example.test/' }],
    ['another issuer', { iss: 'https://evil.test/' }],
    ['expired', { exp: Math.floor(Date.now() / 1000) - 10 }],
    ['no exp', { exp: undefined }],
  ])('refuses a token with %s', async (_case, claims) => {
    await expect(verifier.verify(await sign(claims))).rejects.toThrow();
  });

  it('refuses HS256, whatever the key', async () => {
    const token = await new SignJWT({ iss: ISSUER, aud: AUDIENCE, exp: Math.floor(Date.now() / 1000) + 60 })
      .setProtectedHeader({ alg: 'HS256', kid: 'k1' })
      .sign(new TextEncoder().encode('a-shared-secret-of-at-least-32-bytes!!'));
    await expect(verifier.verify(token)).rejects.toThrow();
  });

  it('tells a compact JWS from an opaque token', () => {
    expect(looksLikeJwt('a.b.c')).toBe(true);
    expect(looksLikeJwt('opaque-token')).toBe(false);
    expect(looksLikeJwt('a.b.c.d.e')).toBe(false);
  });
});
