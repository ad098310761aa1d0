import { z } from 'zod';
import { IdpCallError } from './idp-errors.js';
import type { IdpHttpClient } from './idp-http.client.js';

// RFC 6749 §5.1 (successful response) and OIDC Core 3.1.3.3 (id_token required when openid was asked).
const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().regex(/^bearer$/i, 'token_type must be Bearer'),
  id_token: z.string().min(1).optional(),
  refresh_token: z.string().min(1).optional(),
  expires_in: z.number().positive().optional(),
  scope: z.string().optional(),
});

export type TokenSet = z.infer<typeof tokenResponseSchema>;

const oauthErrorSchema = z.object({ error: z.string() });

export interface CodeExchange {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /** Parameters assembled by passport-oauth2: code, grant_type, redirect_uri, code_verifier. */
  params: Record<string, string>;
  expectIdToken: boolean;
}

/** POSTs the authorization code with client_secret_post, as Auth0 expects, and checks the answer's shape. */
export async function exchangeAuthorizationCode(http: IdpHttpClient, exchange: CodeExchange): Promise<TokenSet> {
  return requestTokens(http, exchange, exchange.params, exchange.expectIdToken);
}

export interface TokenRefresh {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
}

/**
 * The refresh token grant (RFC 6749 §6), with the same client authentication, timeout, size cap
 * and shape checks as the code exchange. An `invalid_grant` answer (a revoked, expired or reused
 * refresh token) is an IdpCallError with oauthError 'invalid_grant'.
 */
export async function refreshAccessToken(http: IdpHttpClient, refresh: TokenRefresh): Promise<TokenSet> {
  return requestTokens(http, refresh, { grant_type: 'refresh_token', refresh_token: refresh.refreshToken }, false);
}

async function requestTokens(
  http: IdpHttpClient,
  client: { tokenUrl: string; clientId: string; clientSecret: string },
  params: Record<string, string>,
  expectIdToken: boolean,
): Promise<TokenSet> {
  const form = new URLSearchParams({ ...params, client_id: client.clientId, client_secret: client.clientSecret });
  const { status, body } = await http.request('token endpoint', client.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: form,
  });
  if (status !== 200) {
    const oauthError = oauthErrorSchema.safeParse(body);
    throw oauthError.success
      ? new IdpCallError(
          'oauth-error',
          'token endpoint',
          `token endpoint refused the ${params.grant_type} grant (${status})`,
          oauthError.data.error,
        )
      : new IdpCallError('http-status', 'token endpoint', `token endpoint answered ${status}`);
  }
  return assertTokenResponse(body, expectIdToken);
}

function assertTokenResponse(body: unknown, expectIdToken: boolean): TokenSet {
  const parsed = tokenResponseSchema.safeParse(body);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => issue.path.join('.') || 'body').join(', ');
    throw new IdpCallError('bad-shape', 'token endpoint', `token response is malformed (${fields})`);
  }
  if (expectIdToken && parsed.data.id_token === undefined) {
    throw new IdpCallError('bad-shape', 'token endpoint', 'token response has no id_token although openid was requested');
  }
  return parsed.data;
}
