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

// RFC 6749 §5.2: an error response is a 400 (401 for client authentication) whose `error` is printable
// ASCII without `"` and `\`; longer than any code the RFCs define is not one.
const oauthErrorSchema = z.object({ error: z.string().regex(/^[\x20\x21\x23-\x5b\x5d-\x7e]{1,64}$/) });

// RFC 6749 §5.2: invalid_client is a failed client authentication, unauthorized_client a client not
// allowed the grant; both are this app's configuration, as is a bare 401 (a tenant's answer to a wrong secret).
const CLIENT_REFUSALS = new Set(['invalid_client', 'unauthorized_client']);

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
  if (status !== 200) throw refusal(status, body, params.grant_type);
  return assertTokenResponse(body, expectIdToken);
}

/**
 * An OAuth error response (a 4xx with an `error` code) is the token endpoint's answer, not a fault:
 * its code is kept, and a refused client names the settings to check. Anything else is a fault of the IdP.
 */
function refusal(status: number, body: unknown, grantType: string | undefined): IdpCallError {
  const oauthError = status >= 400 && status < 500 ? oauthErrorSchema.safeParse(body).data?.error : undefined;
  const answered = oauthError === undefined ? `${status}` : `${oauthError}, ${status}`;
  if (status === 401 || (oauthError !== undefined && CLIENT_REFUSALS.has(oauthError))) {
    return new IdpCallError(
      'client-rejected',
      'token endpoint',
      `token endpoint refused the client (${answered}): check AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET and the application's ` +
        'Token Endpoint Authentication Method in the Auth0 dashboard (this app sends client_secret_post, "Post")',
      oauthError,
    );
  }
  if (oauthError !== undefined) {
    return new IdpCallError('oauth-error', 'token endpoint', `token endpoint refused the ${grantType} grant (${answered})`, oauthError);
  }
  return new IdpCallError('http-status', 'token endpoint', `token endpoint answered ${status}`);
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
