import { createRemoteJWKSet, customFetch, type JWTVerifyGetKey } from 'jose';
import { IdpCallError } from './idp-errors.js';
import type { IdpHttpClient } from './idp-http.client.js';

/**
 * The tenant's published signing keys, shared by every verifier of IdP-signed JWTs.
 * - keys come from the configured JWKS URL only: `jku`/`x5u`/`jwk` headers are ignored (ASVS 5.0 9.1.3),
 * - the key set is cached; an unknown `kid` triggers one refetch, at most every 30 s (key rotation),
 * - an unreachable or garbage JWKS fails closed.
 */
export class IdpKeySet {
  readonly getKey: JWTVerifyGetKey;

  constructor(jwksUrl: string, http: IdpHttpClient) {
    this.getKey = createRemoteJWKSet(new URL(jwksUrl), {
      cooldownDuration: 30_000,
      cacheMaxAge: 10 * 60_000,
      [customFetch]: (url: string, init: RequestInit) => fetchThrough(http, url, init),
    });
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
