import { type JWTPayload, jwtVerify } from 'jose';
import { assertAuthorizedParty, assertOnlyTrustedAudiences, assertSubject } from './id-token-claims.js';
import type { IdpKeySet } from './idp-key-set.js';

// Same leeway as passport-auth0's exp check; the login's auth_time gets it too.
export const CLOCK_TOLERANCE_SECONDS = 60;
// The token was minted by the token endpoint a moment ago; an old `iat` means a replayed token (OIDC Core 3.1.3.7 (10)).
const MAX_ID_TOKEN_AGE_SECONDS = 10 * 60;

/** The claims of an ID token that passed every check. */
export type IdTokenClaims = JWTPayload & { sub: string };

export interface IdTokenExpectations {
  issuer: string;
  clientId: string;
  /** Audiences besides clientId an ID token may name (none by default). */
  trustedAudiences: readonly string[];
  /** The only accepted `alg`: Auth0 signs ID tokens with RS256 by default. */
  algorithm: 'RS256';
}

/**
 * Verifies the ID token against the tenant's published keys and our expectations (OIDC Core 3.1.3.7).
 * passport-auth0 checks the claims but never the signature, and accepts an HS256 header unverified.
 * - only the configured alg: `none`, HS256 and others are refused (3.1.3.7 (7); ASVS 5.0 9.1.2),
 * - keys come from the tenant's JWKS only (IdpKeySet),
 * - `iat` within the last ten minutes and not in the future, `azp` (when present) is our client,
 * - `aud` names no audience besides ours that the configuration does not trust.
 */
export class IdTokenVerifier {
  constructor(
    private readonly expected: IdTokenExpectations,
    private readonly keys: IdpKeySet,
  ) {}

  async verify(idToken: string): Promise<IdTokenClaims> {
    const { payload } = await jwtVerify(idToken, this.keys.getKey, {
      algorithms: [this.expected.algorithm],
      issuer: this.expected.issuer,
      audience: this.expected.clientId,
      requiredClaims: ['sub', 'iat', 'exp'],
      maxTokenAge: MAX_ID_TOKEN_AGE_SECONDS,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
    });
    assertAuthorizedParty(payload, this.expected.clientId);
    assertOnlyTrustedAudiences(payload, this.expected.clientId, this.expected.trustedAudiences);
    assertSubject(payload);
    return payload;
  }
}
