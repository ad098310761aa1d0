import { errors, jwtVerify } from 'jose';
import type { IdTokenExpectations } from '../idp/id-token-verifier.js';
import type { IdpKeySet } from '../idp/idp-key-set.js';
import {
  assertBackchannelLogoutEvent,
  assertLogoutTokenType,
  assertNoNonce,
  assertSubjectOrSession,
  assertTokenId,
  type LogoutClaims,
} from './logout-token-claims.js';
import { LogoutTokenRejectedError } from './logout-token-rejected.error.js';

// As for ID tokens: the leeway of the clocks, and how old a token may be. Auth0 posts a logout
// token the moment the session ends; an old one is a replay (§2.6 (7): iat not too far in the past).
export const CLOCK_TOLERANCE_SECONDS = 60;
export const MAX_LOGOUT_TOKEN_AGE_SECONDS = 10 * 60;

export type LogoutTokenExpectations = Pick<IdTokenExpectations, 'issuer' | 'clientId' | 'algorithm'>;

/**
 * Validates a logout token as OpenID Connect Back-Channel Logout 1.0 §2.6 asks:
 * - (1)-(3) a JWS signed with a key from the tenant's JWKS (the ID tokens' IdpKeySet) with the
 *   ID tokens' only algorithm: `alg: none`, HS256 and keys from the token's own headers are refused,
 * - (3) `iss` is the tenant, `aud` contains our client id, `iat` and `exp` present, not expired,
 *   and `iat` within the last ten minutes,
 * - then the logout token's own rules, each in logout-token-claims.ts.
 * A JWKS that cannot be fetched is not the token's fault: its IdpCallError goes through unchanged.
 */
export class LogoutTokenVerifier {
  constructor(
    private readonly expected: LogoutTokenExpectations,
    private readonly keys: IdpKeySet,
  ) {}

  async verify(logoutToken: string): Promise<LogoutClaims> {
    const { payload, protectedHeader } = await jwtVerify(logoutToken, this.keys.getKey, {
      algorithms: [this.expected.algorithm],
      issuer: this.expected.issuer,
      audience: this.expected.clientId,
      requiredClaims: ['iat', 'exp'],
      maxTokenAge: MAX_LOGOUT_TOKEN_AGE_SECONDS,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
    }).catch((error: unknown) => {
      throw error instanceof errors.JOSEError ? new LogoutTokenRejectedError(`${error.code}: ${error.message}`, { cause: error }) : error;
    });
    assertLogoutTokenType(protectedHeader);
    assertBackchannelLogoutEvent(payload);
    assertNoNonce(payload);
    assertSubjectOrSession(payload);
    assertTokenId(payload);
    return { jti: payload.jti, sub: payload.sub, sid: typeof payload.sid === 'string' ? payload.sid : undefined };
  }
}
