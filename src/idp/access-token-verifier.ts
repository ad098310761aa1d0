import { type JWTPayload, jwtVerify } from 'jose';
import type { IdpKeySet } from './idp-key-set.js';

export interface AccessTokenExpectations {
  issuer: string;
  /** The API identifier (AUTH0_AUDIENCE): `aud` must contain it. */
  audience: string;
  /** The only accepted `alg`: Auth0 signs access tokens for its APIs with RS256 by default. */
  algorithm: 'RS256';
}

/**
 * Verifies a JWT access token the way the API it is meant for would (RFC 9068 §4; RFC 8725):
 * - the signature, with the tenant's published keys only (IdpKeySet, the ID token's key set),
 * - only the configured alg: `none`, HS256 and others are refused (RFC 8725 §3.1),
 * - `iss` is our tenant (RFC 9068 §4 (3); RFC 8725 §3.8),
 * - `aud` contains our API identifier (RFC 9068 §4 (4); RFC 8725 §3.9),
 * - `exp` is present and in the future (RFC 9068 §4 (6)).
 * Auth0 writes `typ: "at+jwt"` only with the RFC 9068 token profile, so the type is not required.
 */
export class AccessTokenVerifier {
  constructor(
    private readonly expected: AccessTokenExpectations,
    private readonly keys: IdpKeySet,
  ) {}

  async verify(accessToken: string): Promise<JWTPayload> {
    const { payload } = await jwtVerify(accessToken, this.keys.getKey, {
      algorithms: [this.expected.algorithm],
      issuer: this.expected.issuer,
      audience: this.expected.audience,
      requiredClaims: ['exp'],
    });
    return payload;
  }
}

/** A JWS in compact form has three dot-separated parts (RFC 7515 §7.1); anything else is an opaque token. */
export function looksLikeJwt(token: string): boolean {
  return token.split('.').length === 3;
}
