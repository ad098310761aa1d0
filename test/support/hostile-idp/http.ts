// Request parsing and the plain replies the endpoints build.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { OAuthError } from './token-endpoint.js';
import type { AuthorizationRequest, ObservedRequest, Reply } from './types.js';

const MAX_REQUEST_BODY = 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_REQUEST_BODY) throw new Error('request body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function parseAuthorizationRequest(query: URLSearchParams): AuthorizationRequest {
  return {
    responseType: query.get('response_type') ?? '',
    clientId: query.get('client_id') ?? '',
    redirectUri: query.get('redirect_uri') ?? '',
    scope: query.get('scope') ?? '',
    state: query.get('state') ?? undefined,
    nonce: query.get('nonce') ?? undefined,
    codeChallenge: query.get('code_challenge') ?? undefined,
    codeChallengeMethod: query.get('code_challenge_method') ?? undefined,
    audience: query.get('audience') ?? undefined,
  };
}

// RFC 6750 §2: header, form body or query; tests assert which one the RP used.
export function accessTokenIn(call: ObservedRequest): string | undefined {
  const bearer = /^bearer\s+(\S+)$/i.exec(call.headers.authorization ?? '');
  return bearer?.[1] ?? call.body.get('access_token') ?? call.query.get('access_token') ?? undefined;
}

export function errorParams(outcome: { error: string; errorDescription?: string; errorUri?: string }): Record<string, string> {
  return {
    error: outcome.error,
    ...(outcome.errorDescription === undefined ? {} : { error_description: outcome.errorDescription }),
    ...(outcome.errorUri === undefined ? {} : { error_uri: outcome.errorUri }),
  };
}

export function withQuery(uri: string, params: Record<string, string>): string {
  const url = new URL(uri);
  for (const [name, value] of Object.entries(params)) url.searchParams.append(name, value);
  return url.href;
}

export function withOptionalState(uri: string | null, state: string | null): string | null {
  if (uri === null || !URL.canParse(uri)) return null;
  return state === null ? uri : withQuery(uri, { state });
}

export function randomToken(): string {
  return randomBytes(24).toString('base64url');
}

export function jsonReply(status: number, value: unknown, headers: Record<string, string> = {}): Reply {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(value) ?? '' };
}

export function oauthErrorReply(error: OAuthError): Reply {
  return jsonReply(error.status, { error: error.code, error_description: error.description }, { 'cache-control': 'no-store' });
}

export function htmlReply(status: number, markup: string): Reply {
  return { status, headers: { 'content-type': 'text/html; charset=utf-8' }, body: markup };
}

export function textReply(status: number, text: string): Reply {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: text };
}

export function redirectReply(status: number, location: string): Reply {
  return { status, headers: { location }, body: '' };
}

export function send(res: ServerResponse, reply: Reply): void {
  res.writeHead(reply.status, { 'content-length': Buffer.byteLength(reply.body), ...reply.headers });
  res.end(reply.body);
}
