import { createRemoteJWKSet, customFetch, type JWTPayload, jwtVerify } from 'jose';
import { assertAuthorizedParty, assertOnlyTrustedAudiences, assertSubject } from './id-token-claims.js';
import { IdpCallError } from './idp-errors.js';
import type { IdpHttpClient } from './idp-http.client.js';

// Same leeway as passport-auth0's exp check.
const CLOCK_TOLERANCE_SECONDS = 60;
// The token was minted by the token endpoint a moment ago; an old `iat` means a replayed token (OIDC Core 3.1.3.7 (10)).
const MAX_ID_TOKEN_AGE_SECONDS = 10 * 60;

export interface IdTokenExpectations {
  issuer: string;
  clientId: string;
  /** Audiences besides clientId an ID token may name (none by default). */
  trustedAudiences: readonly string[];
  jwksUrl: string;
  /** The only accepted `alg`: Auth0 signs ID tokens with RS256 by default. */
  algorithm: 'RS256';
}

/**
 * Verifies the ID token against the tenant's published keys and our expectations (OIDC Core 3.1.3.7).
 * passport-auth0 checks the claims but never the signature, and accepts an HS256 header unverified.
 * - only the configured alg: `none`, HS256 and others are refused (3.1.3.7 (7); ASVS 5.0 9.1.2),
 * - keys come from the configured JWKS URL only: `jku`/`x5u`/`jwk` headers are ignored (ASVS 5.0 9.1.3),
 * - the key set is cached; an unknown `kid` triggers one refetch, at most every 30 s (key rotation),
 * - an unreachable or garbage JWKS fails closed,
 * - `iat` within the last ten minutes and not in the future, `azp` (when present) is our client,
 * - `aud` names no audience besides ours that the configuration does not trust.
 */
export class IdTokenVerifier {
  private readonly keys;

  constructor(
    private readonly expected: IdTokenExpectations,
    http: IdpHttpClient,
  ) {
    this.keys = createRemoteJWKSet(new URL(expected.jwksUrl), {
      cooldownDuration: 30_000,
      cacheMaxAge: 10 * 60_000,
      [customFetch]: (url: string, init: RequestInit) => fetchThrough(http, url, init),
    });
  }

  async verify(idToken: string): Promise<JWTPayload & { sub: string }> {
    const { payload } = await jwtVerify(idToken, this.keys, {
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

/**
 * Lets jose fetch the JWKS with the same timeout, size cap and no-redirect rule as every IdP call.
 * A JWKS that is not a 200 `{ keys: [...] }` is an IdP fault (502), not a rejected token.
 */
async function fetchThrough(http: IdpHttpClient, url: string, init: RequestInit): Promise<Response> {
  const { status, body } = await http.request('JWKS endpoint', url, { headers: Object.fromEntries(new Headers(init.headers)) });
  if (status !== 200) throw new IdpCallError('http-status', 'JWKS endpoint', `JWKS endpoint answered ${status}`);
  if (!isKeySet(body)) throw new IdpCallError('bad-shape', 'JWKS endpoint', 'JWKS response is not a key set');
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

// RFC 7517 §5: a JSON object whose `keys` member is an array of JWK objects.
function isKeySet(body: unknown): boolean {
  if (typeof body !== 'object' || body === null || !('keys' in body) || !Array.isArray(body.keys)) return false;
  return body.keys.every((key: unknown) => typeof key === 'object' && key !== null && !Array.isArray(key));
}
