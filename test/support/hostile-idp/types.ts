// What the hostile IdP's callers see: its plan (how it misbehaves) and what it recorded.
import type { IncomingHttpHeaders } from 'node:http';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type Claims = Record<string, Json>;

export type Endpoint = 'authorize' | 'token' | 'revocation' | 'userinfo' | 'jwks' | 'discovery' | 'logout' | 'attacker' | 'unknown';

export interface ObservedRequest {
  /** Order of arrival across all endpoints, starting at 1. */
  seq: number;
  at: number;
  endpoint: Endpoint;
  method: string;
  path: string;
  /** Every query parameter, repeats kept (`getAll`). */
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The form-encoded body, repeats kept; empty when the body is not a form. */
  body: URLSearchParams;
  rawBody: string;
}

export interface AuthorizationRequest {
  responseType: string;
  clientId: string;
  redirectUri: string;
  scope: string;
  state?: string;
  nonce?: string;
  codeChallenge?: string;
  codeChallengeMethod?: string;
  /** Auth0's API identifier parameter: the access token is a JWT for it. */
  audience?: string;
}

export type AuthorizeOutcome =
  { approve: true; extraParams?: Record<string, string> } | { error: string; errorDescription?: string; errorUri?: string };

/** Decides what /authorize sends back to redirect_uri (state is always echoed). */
export type AuthorizeDecision = (request: AuthorizationRequest) => AuthorizeOutcome;

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** How an endpoint's answer goes on the wire instead of the normal way. */
export type Fault =
  | { kind: 'reply'; reply: Reply }
  | { kind: 'reset' }
  | { kind: 'hang' }
  | { kind: 'drip'; intervalMs: number; body?: string }
  | { kind: 'huge'; bytes: number }
  | { kind: 'held'; until: Promise<void> };

export type IdTokenSigning =
  | 'rs256' // the IdP's published key (default)
  | 'none' // alg none, empty signature (D7)
  | 'hs256-client-secret' // D8
  | 'hs256-public-key-pem' // D8: MAC keyed with the published RSA key's SPKI PEM
  | 'es256-foreign-key' // D8: a P-256 key nobody published
  | 'attacker-jwk' // D10: RS256 by an attacker key embedded in the `jwk` header
  | 'attacker-jku' // D10: `jku` points at /attacker/jwks.json, which holds the attacker key
  | 'attacker-x5u'; // D10: `x5u` points at /attacker/cert.pem, the attacker key's certificate

export type IdTokenCorruption =
  | 'flip-signature' // D9
  | 'two-segments' // D11
  | 'bad-base64url' // D11
  | 'payload-not-json'; // D11 (validly signed)

export interface IdTokenPlan {
  /** Merged over the default claims; e.g. `{ aud: {} }`, `{ sub: 42 }`, `{ padding: 'x'.repeat(1e6) }`. */
  claims?: Claims;
  omitClaims?: string[];
  /** Merged over `{ alg, typ: 'JWT', kid }`; the signature follows `signing`, not `alg`. */
  header?: Claims;
  omitHeader?: string[];
  signing?: IdTokenSigning;
  corruption?: IdTokenCorruption;
}

/** For the JSON endpoints: reshape the normal body, and/or change how it is delivered. */
export interface ResponsePlan<T> {
  body?: (normal: T) => unknown;
  fault?: Fault;
}

export interface TokenResponse {
  access_token: string;
  id_token?: string;
  refresh_token?: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
}

/**
 * Access tokens: opaque unless /authorize named an `audience`, then an RS256 JWT for it, like Auth0's.
 * `claims` are merged over `{ iss, sub, aud, iat, exp, scope }` (e.g. `{ permissions: [...] }`).
 */
export interface AccessTokenPlan {
  expiresIn?: number;
  claims?: Claims;
  signing?: IdTokenSigning;
  corruption?: IdTokenCorruption;
  /** An opaque token even with an audience. */
  opaque?: boolean;
}

/** The refresh token grant: answered normally (rotation, reuse detection) unless refused or faulted. */
export interface RefreshPlan {
  /** `invalid_grant`, as for a revoked or expired refresh token. */
  refuse?: boolean;
  fault?: Fault;
}

/** RFC 7009 revocation (Auth0's /oauth/revoke): answered normally (the token's family revoked, 200) unless faulted. */
export interface RevocationPlan {
  fault?: Fault;
}

export interface JsonWebKeySet {
  keys: Claims[];
}

export interface Misbehaviour {
  authorize: AuthorizeDecision;
  /** Merged over DEFAULT_ACCOUNT; appears in the ID token and at /userinfo. */
  account: Claims;
  idToken: IdTokenPlan;
  token: ResponsePlan<TokenResponse>;
  accessToken: AccessTokenPlan;
  refresh: RefreshPlan;
  revocation: RevocationPlan;
  userinfo: ResponsePlan<Claims>;
  jwks: ResponsePlan<JsonWebKeySet>;
  discovery: ResponsePlan<Claims>;
}

export interface HostileIdpOptions {
  clientId?: string;
  clientSecret?: string;
  tls?: { key: string; cert: string };
}

export interface HostileIdp {
  /** 'http(s)://127.0.0.1:PORT' */
  readonly origin: string;
  /** '127.0.0.1:PORT', the form passport-auth0 takes as `domain`. */
  readonly host: string;
  /** origin + '/', as Auth0 writes it. */
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Replaces the named parts of the plan for every later request, until `reset()`. */
  behave(plan: Partial<Misbehaviour>): void;
  /** Default plan and original signing key; forgets codes, access tokens and observations. */
  reset(): void;
  /** Signs with a fresh RS256 key; the JWKS publishes both keys, or only the new one. */
  rotateSigningKey(options: { publishOld: boolean }): Promise<void>;
  calls(endpoint: Endpoint): ObservedRequest[];
  /** The token requests with grant_type=refresh_token. */
  refreshCalls(): ObservedRequest[];
  /** The latest request to `endpoint`; throws when there was none. */
  lastCall(endpoint: Endpoint): ObservedRequest;
  lastAuthorize(): AuthorizationRequest;
  /** An ID token for the current account shaped by `plan` alone (not behave()'s), with no nonce unless given. */
  mintIdToken(plan?: IdTokenPlan): Promise<string>;
  /** Stops listening and destroys every open socket, hanging ones included. */
  close(): Promise<void>;
}
