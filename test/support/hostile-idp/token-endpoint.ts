// The token endpoint's checks, each after the rule it enforces.
import { createHash } from 'node:crypto';
import type { AuthorizationRequest, ObservedRequest } from './types.js';

export class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly description: string,
  ) {
    super(description);
  }
}

export interface ClientCredentials {
  method: 'client_secret_basic' | 'client_secret_post';
  clientId: string;
  clientSecret: string;
}

/** Every client authentication present in a token request (C7 expects exactly one). */
export function clientCredentialsIn(call: ObservedRequest): ClientCredentials[] {
  const found: ClientCredentials[] = [];
  const basic = /^basic\s+(.+)$/i.exec(call.headers.authorization ?? '');
  if (basic) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    found.push({
      method: 'client_secret_basic',
      clientId: formDecode(decoded.slice(0, Math.max(colon, 0))),
      clientSecret: formDecode(decoded.slice(colon + 1)),
    });
  }
  const postedSecret = call.body.get('client_secret');
  if (postedSecret !== null) {
    found.push({ method: 'client_secret_post', clientId: call.body.get('client_id') ?? '', clientSecret: postedSecret });
  }
  return found;
}

// RFC 6749 §4.1.3: the token request is application/x-www-form-urlencoded.
export function assertFormBody(call: ObservedRequest): void {
  if (!(call.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
    throw new OAuthError(400, 'invalid_request', 'Expected a form-encoded body');
  }
}

// RFC 6749 §3.2: request parameters must not be included more than once.
export function assertNoRepeatedParameters(body: URLSearchParams): void {
  const names = [...body.keys()];
  const repeated = names.find((name, index) => names.indexOf(name) !== index);
  if (repeated !== undefined) throw new OAuthError(400, 'invalid_request', `Repeated parameter: ${repeated}`);
}

export function assertAuthorizationCodeGrant(body: URLSearchParams): void {
  if (body.get('grant_type') !== 'authorization_code') {
    throw new OAuthError(400, 'unsupported_grant_type', 'Only authorization_code and refresh_token are supported');
  }
}

// RFC 6749 §4.1.3: the code was issued to the authenticated client.
export function assertIssuedTo(grant: AuthorizationRequest, clientId: string): void {
  if (grant.clientId !== clientId) throw new OAuthError(400, 'invalid_grant', 'Code issued to another client');
}

// RFC 6749 §4.1.3: redirect_uri identical to the one in the authorization request.
export function assertSameRedirectUri(grant: AuthorizationRequest, redirectUri: string | null): void {
  if (redirectUri !== grant.redirectUri) throw new OAuthError(400, 'invalid_grant', 'redirect_uri mismatch');
}

// RFC 7636 §4.6; OAuth 2.1 §4.1.3 also refuses a verifier when no challenge was sent.
export function assertPkceVerifier(grant: AuthorizationRequest, verifier: string | null): void {
  if (grant.codeChallenge === undefined) {
    if (verifier !== null) throw new OAuthError(400, 'invalid_grant', 'code_verifier without code_challenge');
    return;
  }
  if (verifier === null || !/^[A-Za-z0-9._~-]{43,128}$/.test(verifier)) {
    throw new OAuthError(400, 'invalid_grant', 'Missing or malformed code_verifier');
  }
  const derived = grant.codeChallengeMethod === 'S256' ? createHash('sha256').update(verifier).digest('base64url') : verifier;
  if (derived !== grant.codeChallenge) throw new OAuthError(400, 'invalid_grant', 'PKCE verification failed');
}

function formDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}
