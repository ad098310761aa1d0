// The hostile IdP's server: Auth0's endpoints, answered correctly unless the plan says otherwise,
// and every request recorded.
import type { KeyObject } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { DEFAULT_ACCOUNT } from './accounts.js';
import { deliver } from './faults.js';
import { RefreshTokenFamilies } from './refresh-tokens.js';
import {
  accessTokenIn,
  errorParams,
  htmlReply,
  jsonReply,
  oauthErrorReply,
  parseAuthorizationRequest,
  randomToken,
  readBody,
  redirectReply,
  send,
  textReply,
  withOptionalState,
  withQuery,
} from './http.js';
import {
  type AttackerKey,
  corrupt,
  ecSigner,
  hmacSigner,
  newAttackerKey,
  newEcKey,
  newSigningKey,
  publicKeyPem,
  rsaSigner,
  type Signer,
  type SigningKey,
} from './keys.js';
import {
  assertAuthorizationCodeGrant,
  assertFormBody,
  assertIssuedTo,
  assertNoRepeatedParameters,
  assertPkceVerifier,
  assertSameRedirectUri,
  clientCredentialsIn,
  OAuthError,
} from './token-endpoint.js';
import type {
  AccessTokenPlan,
  AuthorizationRequest,
  AuthorizeDecision,
  AuthorizeOutcome,
  Claims,
  Endpoint,
  Fault,
  HostileIdp,
  HostileIdpOptions,
  IdTokenPlan,
  IdTokenSigning,
  JsonWebKeySet,
  Misbehaviour,
  ObservedRequest,
  Reply,
  ResponsePlan,
  TokenResponse,
} from './types.js';

export const autoApprove: AuthorizeDecision = () => ({ approve: true });

export async function startHostileIdp(options: HostileIdpOptions = {}): Promise<HostileIdp> {
  const idp = new HostileIdpServer(options, await newSigningKey());
  await idp.listen();
  return idp;
}

const ENDPOINTS: Record<string, { endpoint: Endpoint; methods: readonly string[] }> = {
  '/authorize': { endpoint: 'authorize', methods: ['GET'] },
  '/oauth/token': { endpoint: 'token', methods: ['POST'] },
  '/oauth/revoke': { endpoint: 'revocation', methods: ['POST'] },
  '/userinfo': { endpoint: 'userinfo', methods: ['GET', 'POST'] },
  '/.well-known/jwks.json': { endpoint: 'jwks', methods: ['GET'] },
  '/.well-known/openid-configuration': { endpoint: 'discovery', methods: ['GET'] },
  '/v2/logout': { endpoint: 'logout', methods: ['GET'] },
  '/oidc/logout': { endpoint: 'logout', methods: ['GET'] },
  '/attacker/jwks.json': { endpoint: 'attacker', methods: ['GET'] },
  '/attacker/cert.pem': { endpoint: 'attacker', methods: ['GET'] },
};

const ID_TOKEN_LIFETIME_SECONDS = 300;
const ACCESS_TOKEN_LIFETIME_SECONDS = 86_400;

function defaultPlan(): Misbehaviour {
  return {
    authorize: autoApprove,
    account: {},
    idToken: {},
    token: {},
    accessToken: {},
    refresh: {},
    revocation: {},
    userinfo: {},
    jwks: {},
    discovery: {},
  };
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
  private readonly refreshTokens = new RefreshTokenFamilies();
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
    this.refreshTokens.clear();
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

  refreshCalls(): ObservedRequest[] {
    return this.calls('token').filter((call) => call.body.get('grant_type') === 'refresh_token');
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
        if (call.body.get('grant_type') === 'refresh_token') return { reply: await this.refreshGrant(call), planned: this.plan.refresh.fault };
        return { reply: await this.token(call), planned: this.plan.token.fault };
      case 'revocation':
        return { reply: this.revocation(call), planned: this.plan.revocation.fault };
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
    const outcome: AuthorizeOutcome = request.responseType === 'code' ? this.plan.authorize(request) : { error: 'unsupported_response_type' };
    const params: Record<string, string> = 'error' in outcome ? errorParams(outcome) : { code: this.issueCode(request) };
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
    const normal = await this.issueTokens(grant);
    if (grant.scope.split(' ').includes('openid')) normal.id_token = await this.mint(this.plan.idToken, grant.nonce);
    return jsonReply(200, reshaped(this.plan.token, normal), { 'cache-control': 'no-store', pragma: 'no-cache' });
  }

  // RFC 6749 §6, with Auth0's rotation: a new refresh token replaces the one used.
  private async refreshGrant(call: ObservedRequest): Promise<Reply> {
    try {
      assertFormBody(call);
      assertNoRepeatedParameters(call.body);
      this.assertClientAuthenticated(call);
      if (this.plan.refresh.refuse) throw new OAuthError(403, 'invalid_grant', 'Unknown or invalid refresh token.');
      const { grant, family } = this.refreshTokens.redeem(call.body.get('refresh_token'));
      return jsonReply(200, await this.issueTokens(grant, family), { 'cache-control': 'no-store', pragma: 'no-cache' });
    } catch (error) {
      if (error instanceof OAuthError) return oauthErrorReply(error);
      throw error;
    }
  }

  // RFC 7009 §2.1-2.2: the client authenticates as at the token endpoint; 200 with an empty body whether or not the token was valid.
  private revocation(call: ObservedRequest): Reply {
    try {
      assertFormBody(call);
      assertNoRepeatedParameters(call.body);
      this.assertClientAuthenticated(call);
      const token = call.body.get('token');
      if (token === null) throw new OAuthError(400, 'invalid_request', 'Missing token');
      this.refreshTokens.revoke(token);
    } catch (error) {
      if (error instanceof OAuthError) return oauthErrorReply(error);
      throw error;
    }
    return { status: 200, headers: { 'cache-control': 'no-store' }, body: '' };
  }

  /** An access token (a JWT when /authorize named an audience), and a refresh token when offline_access was asked for. */
  private async issueTokens(grant: AuthorizationRequest, family?: string): Promise<TokenResponse> {
    const plan = this.plan.accessToken;
    const expiresIn = plan.expiresIn ?? ACCESS_TOKEN_LIFETIME_SECONDS;
    const accessToken = grant.audience === undefined || plan.opaque ? randomToken() : await this.mintAccessToken(plan, grant, expiresIn);
    this.accessTokens.add(accessToken);
    const normal: TokenResponse = { access_token: accessToken, token_type: 'Bearer', expires_in: expiresIn, scope: grant.scope };
    if (grant.scope.split(' ').includes('offline_access')) normal.refresh_token = this.refreshTokens.issue(grant, family);
    return normal;
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
    return this.signJwt(claims, plan);
  }

  // Auth0's access token for an API: `aud` lists the API and the tenant's /userinfo.
  private mintAccessToken(plan: AccessTokenPlan, grant: AuthorizationRequest, expiresIn: number): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const claims: Claims = {
      iss: this.issuer,
      sub: this.account().sub ?? '',
      aud: [grant.audience ?? '', `${this.origin}/userinfo`],
      azp: this.clientId,
      iat: now,
      exp: now + expiresIn,
      scope: grant.scope,
      ...plan.claims,
    };
    return this.signJwt(claims, { signing: plan.signing, corruption: plan.corruption });
  }

  private async signJwt(claims: Claims, plan: Pick<IdTokenPlan, 'header' | 'omitHeader' | 'signing' | 'corruption'>): Promise<string> {
    const signer = await this.signerFor(plan.signing ?? 'rs256');
    const header = without({ alg: signer.alg, typ: 'JWT', kid: this.signingKey.kid, ...signer.header, ...plan.header }, plan.omitHeader);
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
    this.attackerKey ??= newAttackerKey();
    return this.attackerKey;
  }
}

function without(record: Claims, names: readonly string[] = []): Claims {
  return Object.fromEntries(Object.entries(record).filter(([name]) => !names.includes(name)));
}

function reshaped<T>(plan: ResponsePlan<T>, normal: T): unknown {
  return plan.body ? plan.body(normal) : normal;
}

function base64url(text: string): string {
  return Buffer.from(text).toString('base64url');
}
