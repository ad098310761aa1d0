import { IdpCallError } from './idp-errors.js';
import type { IdpHttpClient } from './idp-http.client.js';

export interface RefreshTokenRevocation {
  revocationUrl: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
}

/**
 * RFC 7009 §2.1: POSTs the refresh token to the revocation endpoint (Auth0's `/oauth/revoke`),
 * authenticated as at the token endpoint (client_secret_post), with the same timeout, size cap and
 * no redirects. §2.2: a 200 is the answer, whether the token was still valid or not, and its body
 * means nothing; anything else (§2.2.1 an error response, a 5xx, a timeout) is an IdpCallError.
 */
export async function revokeRefreshToken(http: IdpHttpClient, revocation: RefreshTokenRevocation): Promise<void> {
  const form = new URLSearchParams({
    token: revocation.refreshToken,
    token_type_hint: 'refresh_token',
    client_id: revocation.clientId,
    client_secret: revocation.clientSecret,
  });
  const { status } = await http.request('revocation endpoint', revocation.revocationUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form,
    responseBody: 'ignored',
  });
  if (status !== 200) throw new IdpCallError('http-status', 'revocation endpoint', `revocation endpoint answered ${status}`);
}
