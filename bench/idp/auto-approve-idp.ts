import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { BENCH_USER } from '../targets/bench-user.js';

export interface IdpOptions {
  port: number;
  tls: { key: string; cert: string };
  clientId: string;
  clientSecret: string;
  /** Exact redirect URIs accepted at /authorize (OAuth 2.1 §4.1.1: exact string match). */
  redirectUris: string[];
}

interface PendingCode {
  redirectUri: string;
  nonce: string;
  codeChallenge: string;
  expiresAt: number;
}

const CODE_LIFETIME_MS = 60_000;
const ACCESS_TOKEN_LIFETIME_S = 3600;
const KEY_ID = 'bench-key-1';

/**
 * An identity provider that approves every authorization request at once, so that a login's
 * cost is the relying party's, not a login page's. It still enforces what a well-behaved
 * IdP does: registered client and exact redirect URI, PKCE S256 (RFC 7636 §4.6), single-use
 * short-lived codes (RFC 6749 §4.1.2), client_secret_post (OIDC Core 9), the nonce echoed in
 * an RS256 ID token (OIDC Core 3.1.3.6), and Bearer-only /userinfo (RFC 6750 §2.1).
 */
export async function startAutoApproveIdp(options: IdpOptions): Promise<Server> {
  const origin = `https://127.0.0.1:${options.port}`;
  const issuer = `${origin}/`;
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: KEY_ID, alg: 'RS256', use: 'sig' } satisfies JWK] };
  const codes = new Map<string, PendingCode>();
  const accessTokens = new Map<string, number>();

  const discovery = {
    issuer,
    authorization_endpoint: `${origin}/authorize`,
    token_endpoint: `${origin}/oauth/token`,
    userinfo_endpoint: `${origin}/userinfo`,
    jwks_uri: `${origin}/.well-known/jwks.json`,
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: ['authorization_code'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    token_endpoint_auth_methods_supported: ['client_secret_post'],
    code_challenge_methods_supported: ['S256'],
    scopes_supported: ['openid', 'profile', 'email'],
    claims_supported: Object.keys(BENCH_USER),
  };

  function authorize(url: URL, response: ServerResponse): void {
    const query = url.searchParams;
    const redirectUri = query.get('redirect_uri') ?? '';
    // Never redirect to an unregistered URI, even with an error (RFC 6749 §4.1.2.1).
    if (query.get('client_id') !== options.clientId || !options.redirectUris.includes(redirectUri)) {
      return json(response, 400, { error: 'invalid_request', error_description: 'unknown client or redirect_uri' });
    }
    const state = query.get('state');
    const nonce = query.get('nonce');
    const codeChallenge = query.get('code_challenge');
    const problem =
      query.get('response_type') !== 'code'
        ? 'unsupported_response_type'
        : !(query.get('scope') ?? '').split(' ').includes('openid') || !state || !nonce
          ? 'invalid_request'
          : query.get('code_challenge_method') !== 'S256' || !codeChallenge
            ? 'invalid_request'
            : undefined;
    const back = new URL(redirectUri);
    if (state) back.searchParams.set('state', state);
    if (problem !== undefined || !nonce || !codeChallenge) {
      back.searchParams.set('error', problem ?? 'invalid_request');
    } else {
      const code = randomBytes(32).toString('base64url');
      codes.set(code, { redirectUri, nonce, codeChallenge, expiresAt: Date.now() + CODE_LIFETIME_MS });
      back.searchParams.set('code', code);
    }
    response.writeHead(302, { location: back.toString(), 'cache-control': 'no-store' }).end();
  }

  async function token(form: URLSearchParams, response: ServerResponse): Promise<void> {
    if (form.get('client_id') !== options.clientId || !sameSecret(form.get('client_secret') ?? '', options.clientSecret)) {
      return json(response, 401, { error: 'invalid_client' });
    }
    if (form.get('grant_type') !== 'authorization_code') return json(response, 400, { error: 'unsupported_grant_type' });
    const code = form.get('code') ?? '';
    const pending = codes.get(code);
    codes.delete(code);
    const verifier = form.get('code_verifier') ?? '';
    if (
      pending === undefined ||
      pending.expiresAt < Date.now() ||
      pending.redirectUri !== form.get('redirect_uri') ||
      createHash('sha256').update(verifier).digest('base64url') !== pending.codeChallenge
    ) {
      return json(response, 400, { error: 'invalid_grant' });
    }
    const accessToken = randomBytes(32).toString('base64url');
    accessTokens.set(accessToken, Date.now() + ACCESS_TOKEN_LIFETIME_S * 1000);
    const idToken = await new SignJWT({ ...BENCH_USER, nonce: pending.nonce })
      .setProtectedHeader({ alg: 'RS256', kid: KEY_ID, typ: 'JWT' })
      .setIssuer(issuer)
      .setAudience(options.clientId)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(privateKey);
    json(response, 200, {
      access_token: accessToken,
      id_token: idToken,
      token_type: 'Bearer',
      expires_in: ACCESS_TOKEN_LIFETIME_S,
      scope: 'openid profile email',
    });
  }

  function userinfo(request: IncomingMessage, response: ServerResponse): void {
    const match = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '');
    const expiresAt = match?.[1] === undefined ? undefined : accessTokens.get(match[1]);
    if (expiresAt === undefined || expiresAt < Date.now()) {
      response.writeHead(401, { 'www-authenticate': 'Bearer error="invalid_token"' }).end();
      return;
    }
    json(response, 200, BENCH_USER);
  }

  // Forget expired codes and tokens so a long run does not grow the IdP's memory.
  const sweep = setInterval(() => {
    const now = Date.now();
    for (const [code, pending] of codes) if (pending.expiresAt < now) codes.delete(code);
    for (const [accessToken, expiresAt] of accessTokens) if (expiresAt < now) accessTokens.delete(accessToken);
  }, 10_000);
  sweep.unref();

  const server = createServer(options.tls, (request, response) => {
    const url = new URL(request.url ?? '/', origin);
    const route = `${request.method} ${url.pathname}`;
    const handle = async (): Promise<void> => {
      switch (route) {
        case 'GET /.well-known/openid-configuration':
          return json(response, 200, discovery);
        case 'GET /.well-known/jwks.json':
          return json(response, 200, jwks);
        case 'GET /authorize':
          return authorize(url, response);
        case 'POST /oauth/token':
          return token(new URLSearchParams(await readBody(request)), response);
        case 'GET /userinfo':
          return userinfo(request, response);
        default:
          return json(response, 404, { error: 'not_found' });
      }
    };
    handle().catch((error: unknown) => {
      console.error(`IdP ${route} failed:`, error);
      if (!response.headersSent) json(response, 500, { error: 'server_error' });
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', resolve));
  return server;
}

function json(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response
    .writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' })
    .end(text);
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
