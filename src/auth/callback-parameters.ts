import type { Request } from 'express';
import { LoginFailedException } from './login-failure.js';

const SINGLE_VALUED = ['code', 'state', 'error', 'error_description', 'error_uri', 'iss'] as const;

// Codes and states are a few dozen characters; Node's 16 KiB header limit would still let 10 KB through.
const MAX_PARAMETER_LENGTH = 4096;

/**
 * Each authorization response parameter appears at most once, as a plain string of bounded length
 * (RFC 6749 §3.1: "parameters MUST NOT be included more than once"; ASVS 5.0 16.5.3, 4.2.5),
 * and a callback carries either a code or an error (RFC 6749 §4.1.2, §4.1.2.1).
 */
export function assertWellFormedCallback(query: Request['query']): void {
  for (const name of SINGLE_VALUED) {
    const value = query[name];
    if (value !== undefined && typeof value !== 'string') {
      throw new LoginFailedException('invalid-callback-parameters', `parameter "${name}" is repeated or not a string`);
    }
    if (value !== undefined && value.length > MAX_PARAMETER_LENGTH) {
      throw new LoginFailedException('invalid-callback-parameters', `parameter "${name}" is longer than ${MAX_PARAMETER_LENGTH} characters`);
    }
  }
  if (query.code === undefined && query.error === undefined) {
    throw new LoginFailedException('invalid-callback-parameters', 'neither code nor error present');
  }
}

/**
 * When the IdP names itself in the response, it must be our tenant (RFC 9207 §2.4; mix-up
 * defence, RFC 9700 §4.4.2.1). Auth0 does not send `iss` today, so its absence is accepted.
 */
export function assertIssuerParameter(query: Request['query'], expectedIssuer: string): void {
  const issuer = query.iss;
  if (issuer !== undefined && issuer !== expectedIssuer) {
    throw new LoginFailedException('issuer-parameter-mismatch', 'iss parameter names another issuer');
  }
}

/**
 * passport-oauth2 treats any request carrying `code` (and passport-auth0 any carrying `error`) as
 * an authorization response, whatever the route: on /login that would skip every callback check
 * above. Responses are accepted at the redirect URI only (RFC 6749 §3.1.2).
 */
export function assertNoAuthorizationResponse(query: Request['query']): void {
  if (query.code !== undefined || query.error !== undefined) {
    throw new LoginFailedException('invalid-callback-parameters', 'authorization response parameters sent to /login');
  }
}
