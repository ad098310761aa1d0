// A hostile identity provider for the attack suite (SECURITY.md sections B–E).
// It speaks Auth0's endpoints correctly by default, misbehaves when a test asks it to
// (`behave`), and records every request so tests can assert what the relying party did.
import { createHash, createHmac, createPrivateKey, createPublicKey, generateKeyPair, KeyObject, randomBytes, sign } from 'node:crypto';
import { createServer as createHttpServer, type IncomingHttpHeaders, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { TLSSocket } from 'node:tls';
import { promisify } from 'node:util';
import { createSelfSignedCertificate } from './tls.js';

// ---------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type Claims = Record<string, Json>;

export type Endpoint = 'authorize' | 'token' | 'userinfo' | 'jwks' | 'discovery' | 'logout' | 'attacker' | 'unknown';

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
}

export type AuthorizeOutcome =
  | { approve: true; extraParams?: Record<string, string> }
  | { error: string; errorDescription?: string; errorUri?: string };

/** Decides what /authorize sends back to redirect_uri (state is always echoed). */
export type AuthorizeDecision = (request: AuthorizationRequest) => AuthorizeOutcome;

export const autoApprove: AuthorizeDecision = () => ({ approve: true });

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
  | { kind: 'huge'; bytes: number };

function replyWith(status: number, body: string, headers: Record<string, string> = {}): Fault {
  return { kind: 'reply', reply: { status, body, headers } };
}

export const fault = {
  /** Any status, body and headers, e.g. a truncated JSON body or an unexpected content-type. */
  reply: replyWith,
  json: (status: number, value: unknown, headers: Record<string, string> = {}): Fault =>
    replyWith(status, JSON.stringify(value), { 'content-type': 'application/json', ...headers }),
  html: (status: number, markup: string): Fault =>
    replyWith(status, markup, { 'content-type': 'text/html; charset=utf-8' }),
  redirect: (status: 301 | 302 | 303 | 307 | 308, location: string): Fault => replyWith(status, '', { location }),
  /** Sends a TCP RST (the client sees ECONNRESET). */
  reset: (): Fault => ({ kind: 'reset' }),
  /** Accepts the request and never answers; `close()` still tears the socket down. */
  hang: (): Fault => ({ kind: 'hang' }),
  /** Headers at once, then the body one byte per `intervalMs` (the normal body unless given). */
  drip: (intervalMs: number, body?: string): Fault => ({ kind: 'drip', intervalMs, body }),
  /** A 200 JSON body of about `bytes` bytes, streamed chunked with no content-length. */
  huge: (bytes: number): Fault => ({ kind: 'huge', bytes }),
};

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
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
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
  /** The latest request to `endpoint`; throws when there was none. */
  lastCall(endpoint: Endpoint): ObservedRequest;
  lastAuthorize(): AuthorizationRequest;
  /** An ID token for the current account shaped by `plan` alone (not behave()'s), with no nonce unless given. */
  mintIdToken(plan?: IdTokenPlan): Promise<string>;
  /** Stops listening and destroys every open socket, hanging ones included. */
  close(): Promise<void>;
}

export const DEFAULT_ACCOUNT: Readonly<Claims> = {
  sub: 'auth0|hostile-user',
  name: 'Hostile User',
  email: 'hostile.user@example.com',
  picture: 'https://example.com/a.png',
  email_verified: true,
};

/** E5: profile claims that execute if a view renders them unescaped or as a link. */
export const XSS_CLAIMS: Readonly<Claims> = {
  name: '<script>alert(1)</script>',
  picture: 'javascript:alert(1)',
  email: '"><svg onload=alert(1)>',
};

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

export async function startHostileIdp(options: HostileIdpOptions = {}): Promise<HostileIdp> {
  const idp = new HostileIdpServer(options, await newSigningKey());
  await idp.listen();
  return idp;
}

// ---------------------------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------------------------

const ENDPOINTS: Record<string, { endpoint: Endpoint; methods: readonly string[] }> = {
  '/authorize': { endpoint: 'authorize', methods: ['GET'] },
  '/oauth/token': { endpoint: 'token', methods: ['POST'] },
  '/userinfo': { endpoint: 'userinfo', methods: ['GET', 'POST'] },
  '/.well-known/jwks.json': { endpoint: 'jwks', methods: ['GET'] },
  '/.well-known/openid-configuration': { endpoint: 'discovery', methods: ['GET'] },
  '/v2/logout': { endpoint: 'logout', methods: ['GET'] },
  '/oidc/logout': { endpoint: 'logout', methods: ['GET'] },
  '/attacker/jwks.json': { endpoint: 'attacker', methods: ['GET'] },
  '/attacker/cert.pem': { endpoint: 'attacker', methods: ['GET'] },
};

const MAX_REQUEST_BODY = 1024 * 1024;
const ID_TOKEN_LIFETIME_SECONDS = 300;
const ACCESS_TOKEN_LIFETIME_SECONDS = 86_400;

interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicJwk: Record<string, string>;
}

interface AttackerKey {
  privateKey: KeyObject;
  publicJwk: Record<string, string>;
  certPem: string;
}

interface Signer {
  alg: string;
  header: Claims;
  sign(input: Buffer): Buffer;
}

class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly description: string,
  ) {
    super(description);
  }
}

function defaultPlan(): Misbehaviour {
  return { authorize: autoApprove, account: {}, idToken: {}, token: {}, userinfo: {}, jwks: {}, discovery: {} };
}

class HostileIdpServer implements HostileIdp {
  origin = '';
  host = '';
  issuer = '';
  readonly clientId: string;
  readonly clientSecret: string;

  private readonly server: HttpServer | HttpsServer;
  private readonly scheme: 'http' | 'https';
  private plan = defaultPlan();
  private observed: ObservedRequest[] = [];
  private seq = 0;
  private readonly codes = new Map<string, AuthorizationRequest>();
  private readonly accessTokens = new Set<string>();
  private signingKey: SigningKey;
  private publishedKeys: SigningKey[];
  private attackerKey?: AttackerKey;
  private foreignEcKey?: Promise<KeyObject>;

  constructor(
    options: HostileIdpOptions,
    private readonly originalKey: SigningKey,
  ) {
    this.clientId = options.clientId ?? 'hostile-client-id';
    this.clientSecret = options.clientSecret ?? 'hostile-client-secret';
    this.signingKey = originalKey;
    this.publishedKeys = [originalKey];
    const handler = (req: IncomingMessage, res: ServerResponse): void => void this.handle(req, res);
    this.scheme = options.tls ? 'https' : 'http';
    this.server = options.tls ? createHttpsServer(options.tls, handler) : createHttpServer(handler);
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', resolve);
    });
    const { port } = this.server.address() as AddressInfo;
    this.host = `127.0.0.1:${port}`;
    this.origin = `${this.scheme}://${this.host}`;
    this.issuer = `${this.origin}/`;
  }

  behave(plan: Partial<Misbehaviour>): void {
    this.plan = { ...this.plan, ...plan };
  }

  reset(): void {
    this.plan = defaultPlan();
    this.observed = [];
    this.codes.clear();
    this.accessTokens.clear();
    this.signingKey = this.originalKey;
    this.publishedKeys = [this.originalKey];
  }

  async rotateSigningKey({ publishOld }: { publishOld: boolean }): Promise<void> {
    const next = await newSigningKey();
    this.publishedKeys = publishOld ? [this.signingKey, next] : [next];
    this.signingKey = next;
  }

  calls(endpoint: Endpoint): ObservedRequest[] {
    return this.observed.filter((call) => call.endpoint === endpoint);
  }

  lastCall(endpoint: Endpoint): ObservedRequest {
    const call = this.calls(endpoint).at(-1);
    if (!call) throw new Error(`hostile IdP: no ${endpoint} request was recorded`);
    return call;
  }

  lastAuthorize(): AuthorizationRequest {
    return parseAuthorizationRequest(this.lastCall('authorize').query);
  }

  mintIdToken(plan: IdTokenPlan = {}): Promise<string> {
    return this.mint(plan, undefined);
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  // --- request plumbing ---

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', this.origin);
      const route = ENDPOINTS[url.pathname];
      const call = this.record(route?.endpoint ?? 'unknown', req, url, await readBody(req));
      if (!route) return send(res, textReply(404, 'Not found'));
      if (!route.methods.includes(call.method)) return send(res, textReply(405, 'Method not allowed'));
      const { reply, planned } = await this.answer(call);
      deliver(res, reply, planned);
    } catch (error) {
      if (!res.headersSent) send(res, textReply(500, `hostile IdP failed: ${String(error)}`));
    }
  }

  private record(endpoint: Endpoint, req: IncomingMessage, url: URL, rawBody: string): ObservedRequest {
    const isForm = (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
    const call: ObservedRequest = {
      seq: ++this.seq,
      at: Date.now(),
      endpoint,
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body: new URLSearchParams(isForm ? rawBody : ''),
      rawBody,
    };
    this.observed.push(call);
    return call;
  }

  /** The normal answer (the endpoint does its work: a code is consumed) and the planned fault. */
  private async answer(call: ObservedRequest): Promise<{ reply: Reply; planned?: Fault }> {
    switch (call.endpoint) {
      case 'authorize':
        return { reply: this.authorize(call) };
      case 'token':
        return { reply: await this.token(call), planned: this.plan.token.fault };
      case 'userinfo':
        return { reply: this.userinfo(call), planned: this.plan.userinfo.fault };
      case 'jwks':
        return { reply: jsonReply(200, reshaped(this.plan.jwks, this.jwks())), planned: this.plan.jwks.fault };
      case 'discovery':
        return { reply: jsonReply(200, reshaped(this.plan.discovery, this.discovery())), planned: this.plan.discovery.fault };
      case 'logout':
        return { reply: this.logout(call) };
      case 'attacker':
        return { reply: this.attackerMaterial(call) };
      case 'unknown':
        return { reply: textReply(404, 'Not found') };
    }
  }

  // --- endpoints ---

  private authorize(call: ObservedRequest): Reply {
    const request = parseAuthorizationRequest(call.query);
    if (request.clientId !== this.clientId) return htmlReply(400, '<h1>Unknown client_id</h1>');
    if (!URL.canParse(request.redirectUri)) return htmlReply(400, '<h1>Invalid redirect_uri</h1>');
    const outcome: AuthorizeOutcome =
      request.responseType === 'code' ? this.plan.authorize(request) : { error: 'unsupported_response_type' };
    const params: Record<string, string> =
      'error' in outcome ? errorParams(outcome) : { code: this.issueCode(request) };
    if (request.state !== undefined) params.state = request.state;
    const extra = 'error' in outcome ? {} : (outcome.extraParams ?? {});
    return redirectReply(302, withQuery(request.redirectUri, { ...params, ...extra }));
  }

  private issueCode(request: AuthorizationRequest): string {
    const code = randomToken();
    this.codes.set(code, request);
    return code;
  }

  private async token(call: ObservedRequest): Promise<Reply> {
    let grant: AuthorizationRequest;
    try {
      assertFormBody(call);
      assertNoRepeatedParameters(call.body);
      this.assertClientAuthenticated(call);
      assertAuthorizationCodeGrant(call.body);
      grant = this.redeemCode(call.body.get('code'));
      assertIssuedTo(grant, this.clientId);
      assertSameRedirectUri(grant, call.body.get('redirect_uri'));
      assertPkceVerifier(grant, call.body.get('code_verifier'));
    } catch (error) {
      if (error instanceof OAuthError) return oauthErrorReply(error);
      throw error;
    }
    const accessToken = randomToken();
    this.accessTokens.add(accessToken);
    const normal: TokenResponse = {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: ACCESS_TOKEN_LIFETIME_SECONDS,
      scope: grant.scope,
    };
    if (grant.scope.split(' ').includes('openid')) normal.id_token = await this.mint(this.plan.idToken, grant.nonce);
    return jsonReply(200, reshaped(this.plan.token, normal), { 'cache-control': 'no-store', pragma: 'no-cache' });
  }

  // RFC 6749 §2.3: a client uses exactly one authentication method per request.
  private assertClientAuthenticated(call: ObservedRequest): void {
    const credentials = clientCredentialsIn(call);
    if (credentials.length > 1) throw new OAuthError(400, 'invalid_request', 'More than one client authentication method');
    const [sent] = credentials;
    if (!sent || sent.clientId !== this.clientId || sent.clientSecret !== this.clientSecret) {
      throw new OAuthError(401, 'invalid_client', 'Client authentication failed');
    }
  }

  // RFC 6749 §4.1.2: a code is single use.
  private redeemCode(code: string | null): AuthorizationRequest {
    const grant = code === null ? undefined : this.codes.get(code);
    if (!grant || code === null) throw new OAuthError(400, 'invalid_grant', 'Invalid authorization code');
    this.codes.delete(code);
    return grant;
  }

  private userinfo(call: ObservedRequest): Reply {
    const token = accessTokenIn(call);
    if (token === undefined || !this.accessTokens.has(token)) {
      return jsonReply(
        401,
        { error: 'invalid_token', error_description: 'Invalid access token' },
        { 'www-authenticate': 'Bearer error="invalid_token"' },
      );
    }
    return jsonReply(200, reshaped(this.plan.userinfo, this.account()));
  }

  private jwks(): JsonWebKeySet {
    return { keys: this.publishedKeys.map((key) => key.publicJwk) };
  }

  private discovery(): Claims {
    return {
      issuer: this.issuer,
      authorization_endpoint: `${this.origin}/authorize`,
      token_endpoint: `${this.origin}/oauth/token`,
      userinfo_endpoint: `${this.origin}/userinfo`,
      jwks_uri: `${this.origin}/.well-known/jwks.json`,
      end_session_endpoint: `${this.origin}/oidc/logout`,
      response_types_supported: ['code'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      code_challenge_methods_supported: ['S256', 'plain'],
      scopes_supported: ['openid', 'profile', 'email'],
    };
  }

  private logout(call: ObservedRequest): Reply {
    const target =
      call.path === '/v2/logout'
        ? call.query.get('returnTo')
        : withOptionalState(call.query.get('post_logout_redirect_uri'), call.query.get('state'));
    return target && URL.canParse(target) ? redirectReply(302, target) : htmlReply(200, '<p>Signed out.</p>');
  }

  private attackerMaterial(call: ObservedRequest): Reply {
    const attacker = this.attacker();
    return call.path === '/attacker/cert.pem'
      ? { status: 200, headers: { 'content-type': 'application/x-pem-file' }, body: attacker.certPem }
      : jsonReply(200, { keys: [{ ...attacker.publicJwk, kid: this.signingKey.kid }] });
  }

  // --- ID tokens ---

  private account(): Claims {
    return { ...DEFAULT_ACCOUNT, ...this.plan.account };
  }

  private async mint(plan: IdTokenPlan, nonce: string | undefined): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const claims = without(
      {
        iss: this.issuer,
        aud: this.clientId,
        iat: now,
        exp: now + ID_TOKEN_LIFETIME_SECONDS,
        ...(nonce === undefined ? {} : { nonce }),
        ...this.account(),
        ...plan.claims,
      },
      plan.omitClaims,
    );
    const signer = await this.signerFor(plan.signing ?? 'rs256');
    const header = without(
      { alg: signer.alg, typ: 'JWT', kid: this.signingKey.kid, ...signer.header, ...plan.header },
      plan.omitHeader,
    );
    const payload = plan.corruption === 'payload-not-json' ? 'this is not JSON' : JSON.stringify(claims);
    const signingInput = `${base64url(JSON.stringify(header))}.${base64url(payload)}`;
    const signature = signer.sign(Buffer.from(signingInput)).toString('base64url');
    return corrupt(`${signingInput}.${signature}`, plan.corruption);
  }

  private async signerFor(signing: IdTokenSigning): Promise<Signer> {
    switch (signing) {
      case 'rs256':
        return rsaSigner(this.signingKey.privateKey, {});
      case 'none':
        return { alg: 'none', header: {}, sign: () => Buffer.alloc(0) };
      case 'hs256-client-secret':
        return hmacSigner(Buffer.from(this.clientSecret));
      case 'hs256-public-key-pem':
        return hmacSigner(Buffer.from(publicKeyPem(this.signingKey.privateKey)));
      case 'es256-foreign-key':
        this.foreignEcKey ??= newEcKey();
        return ecSigner(await this.foreignEcKey);
      case 'attacker-jwk':
        return rsaSigner(this.attacker().privateKey, { jwk: { ...this.attacker().publicJwk, kid: this.signingKey.kid } });
      case 'attacker-jku':
        return rsaSigner(this.attacker().privateKey, { jku: `${this.origin}/attacker/jwks.json` });
      case 'attacker-x5u':
        return rsaSigner(this.attacker().privateKey, { x5u: `${this.origin}/attacker/cert.pem` });
    }
  }

  /** A key with a certificate, made on first use and kept for the server's life. */
  private attacker(): AttackerKey {
    if (!this.attackerKey) {
      const { key, cert } = createSelfSignedCertificate(['attacker.test']);
      const privateKey = createPrivateKey(key);
      this.attackerKey = { privateKey, publicJwk: rsaPublicJwk(privateKey), certPem: cert };
    }
    return this.attackerKey;
  }
}

// ---------------------------------------------------------------------------------------------
// Token endpoint checks
// ---------------------------------------------------------------------------------------------

// RFC 6749 §4.1.3: the token request is application/x-www-form-urlencoded.
function assertFormBody(call: ObservedRequest): void {
  if (!(call.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
    throw new OAuthError(400, 'invalid_request', 'Expected a form-encoded body');
  }
}

// RFC 6749 §3.2: request parameters must not be included more than once.
function assertNoRepeatedParameters(body: URLSearchParams): void {
  const names = [...body.keys()];
  const repeated = names.find((name, index) => names.indexOf(name) !== index);
  if (repeated !== undefined) throw new OAuthError(400, 'invalid_request', `Repeated parameter: ${repeated}`);
}

function assertAuthorizationCodeGrant(body: URLSearchParams): void {
  if (body.get('grant_type') !== 'authorization_code') {
    throw new OAuthError(400, 'unsupported_grant_type', 'Only authorization_code is supported');
  }
}

// RFC 6749 §4.1.3: the code was issued to the authenticated client.
function assertIssuedTo(grant: AuthorizationRequest, clientId: string): void {
  if (grant.clientId !== clientId) throw new OAuthError(400, 'invalid_grant', 'Code issued to another client');
}

// RFC 6749 §4.1.3: redirect_uri identical to the one in the authorization request.
function assertSameRedirectUri(grant: AuthorizationRequest, redirectUri: string | null): void {
  if (redirectUri !== grant.redirectUri) throw new OAuthError(400, 'invalid_grant', 'redirect_uri mismatch');
}

// RFC 7636 §4.6; OAuth 2.1 §4.1.3 also refuses a verifier when no challenge was sent.
function assertPkceVerifier(grant: AuthorizationRequest, verifier: string | null): void {
  if (grant.codeChallenge === undefined) {
    if (verifier !== null) throw new OAuthError(400, 'invalid_grant', 'code_verifier without code_challenge');
    return;
  }
  if (verifier === null || !/^[A-Za-z0-9._~-]{43,128}$/.test(verifier)) {
    throw new OAuthError(400, 'invalid_grant', 'Missing or malformed code_verifier');
  }
  const derived =
    grant.codeChallengeMethod === 'S256' ? createHash('sha256').update(verifier).digest('base64url') : verifier;
  if (derived !== grant.codeChallenge) throw new OAuthError(400, 'invalid_grant', 'PKCE verification failed');
}

// ---------------------------------------------------------------------------------------------
// Keys and signing
// ---------------------------------------------------------------------------------------------

async function newSigningKey(): Promise<SigningKey> {
  const { privateKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
  const kid = randomBytes(12).toString('base64url');
  return { kid, privateKey, publicJwk: { ...rsaPublicJwk(privateKey), kid, alg: 'RS256', use: 'sig' } };
}

async function newEcKey(): Promise<KeyObject> {
  const { privateKey } = await promisify(generateKeyPair)('ec', { namedCurve: 'P-256' });
  return privateKey;
}

function rsaPublicJwk(privateKey: KeyObject): Record<string, string> {
  const { kty, n, e } = createPublicKey(privateKey).export({ format: 'jwk' });
  if (kty === undefined || n === undefined || e === undefined) throw new Error('not an RSA key');
  return { kty, n, e };
}

function publicKeyPem(privateKey: KeyObject): string {
  return createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
}

function rsaSigner(key: KeyObject, header: Claims): Signer {
  return { alg: 'RS256', header, sign: (input) => sign('sha256', input, key) };
}

function hmacSigner(secret: Buffer): Signer {
  return { alg: 'HS256', header: {}, sign: (input) => createHmac('sha256', secret).update(input).digest() };
}

function ecSigner(key: KeyObject): Signer {
  return { alg: 'ES256', header: {}, sign: (input) => sign('sha256', input, { key, dsaEncoding: 'ieee-p1363' }) };
}

function corrupt(token: string, corruption: IdTokenCorruption | undefined): string {
  const [header, payload, signature] = token.split('.');
  switch (corruption) {
    case undefined:
    case 'payload-not-json':
      return token;
    case 'flip-signature':
      return `${header}.${payload}.${flipFirstByte(signature)}`;
    case 'two-segments':
      return `${header}.${payload}`;
    case 'bad-base64url':
      return `${header}.${payload}*%!.${signature}`;
  }
}

function flipFirstByte(segment: string): string {
  const bytes = Buffer.from(segment, 'base64url');
  if (bytes.length > 0) bytes[0] ^= 0xff;
  return bytes.toString('base64url');
}

// ---------------------------------------------------------------------------------------------
// HTTP helpers
// ---------------------------------------------------------------------------------------------

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_REQUEST_BODY) throw new Error('request body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseAuthorizationRequest(query: URLSearchParams): AuthorizationRequest {
  return {
    responseType: query.get('response_type') ?? '',
    clientId: query.get('client_id') ?? '',
    redirectUri: query.get('redirect_uri') ?? '',
    scope: query.get('scope') ?? '',
    state: query.get('state') ?? undefined,
    nonce: query.get('nonce') ?? undefined,
    codeChallenge: query.get('code_challenge') ?? undefined,
    codeChallengeMethod: query.get('code_challenge_method') ?? undefined,
  };
}

// RFC 6750 §2: header, form body or query; tests assert which one the RP used.
function accessTokenIn(call: ObservedRequest): string | undefined {
  const bearer = /^bearer\s+(\S+)$/i.exec(call.headers.authorization ?? '');
  return bearer?.[1] ?? call.body.get('access_token') ?? call.query.get('access_token') ?? undefined;
}

function errorParams(outcome: { error: string; errorDescription?: string; errorUri?: string }): Record<string, string> {
  return {
    error: outcome.error,
    ...(outcome.errorDescription === undefined ? {} : { error_description: outcome.errorDescription }),
    ...(outcome.errorUri === undefined ? {} : { error_uri: outcome.errorUri }),
  };
}

function withQuery(uri: string, params: Record<string, string>): string {
  const url = new URL(uri);
  for (const [name, value] of Object.entries(params)) url.searchParams.append(name, value);
  return url.href;
}

function withOptionalState(uri: string | null, state: string | null): string | null {
  if (uri === null || !URL.canParse(uri)) return null;
  return state === null ? uri : withQuery(uri, { state });
}

function without(record: Claims, names: readonly string[] = []): Claims {
  return Object.fromEntries(Object.entries(record).filter(([name]) => !names.includes(name)));
}

function reshaped<T>(plan: ResponsePlan<T>, normal: T): unknown {
  return plan.body ? plan.body(normal) : normal;
}

function randomToken(): string {
  return randomBytes(24).toString('base64url');
}

function base64url(text: string): string {
  return Buffer.from(text).toString('base64url');
}

function formDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}

function jsonReply(status: number, value: unknown, headers: Record<string, string> = {}): Reply {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(value) ?? '' };
}

function oauthErrorReply(error: OAuthError): Reply {
  return jsonReply(error.status, { error: error.code, error_description: error.description }, { 'cache-control': 'no-store' });
}

function htmlReply(status: number, markup: string): Reply {
  return { status, headers: { 'content-type': 'text/html; charset=utf-8' }, body: markup };
}

function textReply(status: number, text: string): Reply {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: text };
}

function redirectReply(status: number, location: string): Reply {
  return { status, headers: { location }, body: '' };
}

function send(res: ServerResponse, reply: Reply): void {
  res.writeHead(reply.status, { 'content-length': Buffer.byteLength(reply.body), ...reply.headers });
  res.end(reply.body);
}

function deliver(res: ServerResponse, reply: Reply, planned: Fault | undefined): void {
  if (!planned) return send(res, reply);
  switch (planned.kind) {
    case 'reply':
      return send(res, planned.reply);
    case 'reset':
      return resetConnection(res);
    case 'hang':
      return;
    case 'drip':
      return drip(res, { ...reply, body: planned.body ?? reply.body }, planned.intervalMs);
    case 'huge':
      return streamHugeJson(res, planned.bytes);
  }
}

function resetConnection(res: ServerResponse): void {
  const socket = res.socket;
  if (socket instanceof TLSSocket) socket.destroy();
  else socket?.resetAndDestroy();
}

function drip(res: ServerResponse, reply: Reply, intervalMs: number): void {
  const bytes = Buffer.from(reply.body);
  res.writeHead(reply.status, { 'content-length': bytes.length, ...reply.headers });
  res.flushHeaders();
  let sent = 0;
  const timer = setInterval(() => {
    if (sent < bytes.length) res.write(bytes.subarray(sent, ++sent));
    if (sent === bytes.length) {
      clearInterval(timer);
      res.end();
    }
  }, intervalMs);
  res.on('close', () => clearInterval(timer));
}

function streamHugeJson(res: ServerResponse, bytes: number): void {
  const chunk = Buffer.alloc(64 * 1024, 'a');
  let remaining = bytes;
  const pump = (): void => {
    while (remaining > 0 && !res.destroyed) {
      const piece = chunk.subarray(0, Math.min(chunk.length, remaining));
      remaining -= piece.length;
      if (!res.write(piece)) {
        res.once('drain', pump);
        return;
      }
    }
    if (!res.destroyed) res.end('"}');
  };
  res.writeHead(200, { 'content-type': 'application/json' });
  res.write('{"padding":"');
  pump();
}
