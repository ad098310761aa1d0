import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Request } from 'express';
import type { JWTPayload } from 'jose';
import { loginRequired } from '../auth/login-required.js';
import { LogoutService } from '../auth/logout.service.js';
import type { AppConfig } from '../config/app-config.js';
import { stringListClaim } from '../common/string-list-claim.js';
import { InjectAppConfig } from '../config/config.module.js';
import { type AccessTokenVerifier, looksLikeJwt } from '../idp/access-token-verifier.js';
import { IdpCallError } from '../idp/idp-errors.js';
import { inStorage, STORAGE, type Storage } from '../storage/storage.js';
import { ACCESS_TOKEN_VERIFIER } from './access-token-verifier.provider.js';
import type { ApiTokens } from './api-tokens.js';
import { IdpFaultException } from './idp-fault.exception.js';
import { RefreshRefusedError } from './refresh-refused.error.js';
import { TokenRefresher } from './token-refresher.js';
import { TOKEN_STORE, type TokenStore } from './token-store.js';

// Auth0 RBAC puts the user's permissions for the API in the access token's `permissions` claim ("Add Permissions in the Access Token").
const PERMISSIONS_CLAIM = 'permissions';

// A token that expires within this margin is renewed first, so it does not expire on its way to the API.
export const REFRESH_MARGIN_MS = 60_000;

/** What the dashboard shows of the access token: never the token itself. */
export interface AccessTokenSummary {
  audience: string | undefined;
  scopes: string[];
  permissions: readonly string[];
  expiresAt: Date | undefined;
  refreshable: boolean;
}

/**
 * The logged-in user's access token for feature code: `await tokens.getAccessToken(request)` (or
 * the @AccessToken() parameter) is always one that is valid for at least another minute.
 * - expiring within REFRESH_MARGIN_MS and a refresh token present: renewed first (TokenRefresher),
 * - the IdP refuses the refresh (invalid_grant): the session ends, the user is sent to log in,
 * - the IdP is down or slow: a 502/504 page, the session kept.
 */
@Injectable()
export class TokenService {
  private readonly logger = new Logger('Tokens');

  constructor(
    @InjectAppConfig() private readonly config: AppConfig,
    private readonly refresher: TokenRefresher,
    @Inject(ACCESS_TOKEN_VERIFIER) private readonly verifier: AccessTokenVerifier | null,
    @Inject(STORAGE) private readonly storage: Storage,
    @Inject(TOKEN_STORE) private readonly tokens: TokenStore,
    private readonly logout: LogoutService,
  ) {}

  async getAccessToken(request: Request): Promise<string> {
    return (await this.currentTokens(request)).accessToken;
  }

  /** The `permissions` of a verified JWT access token for AUTH0_AUDIENCE; none for an opaque or unverifiable one. */
  async getPermissions(request: Request): Promise<readonly string[]> {
    if (this.verifier === null) return [];
    const claims = await this.verifiedClaims(await this.getAccessToken(request));
    return claims === undefined ? [] : stringListClaim(claims, PERMISSIONS_CLAIM);
  }

  async summary(request: Request): Promise<AccessTokenSummary> {
    const tokens = await this.currentTokens(request);
    const claims = await this.verifiedClaims(tokens.accessToken);
    return {
      audience: this.config.auth0.audience,
      scopes: tokens.scope?.split(' ').filter(Boolean) ?? [],
      permissions: claims === undefined ? [] : stringListClaim(claims, PERMISSIONS_CLAIM),
      expiresAt: tokens.expiresAt === undefined ? undefined : new Date(tokens.expiresAt),
      refreshable: tokens.refreshToken !== undefined,
    };
  }

  private async currentTokens(request: Request): Promise<ApiTokens> {
    if (!request.user) throw loginRequired(request);
    const tokens = await inStorage(this.storage, () => this.tokens.get(request.sessionID));
    if (tokens === undefined) {
      if (!this.config.auth0.keepsTokens) {
        throw new Error('No access token is kept: set AUTH0_AUDIENCE (or add offline_access to AUTH0_SCOPE) to call APIs as the user');
      }
      // A login from before the audience was configured: a new login brings the tokens.
      throw loginRequired(request);
    }
    if (tokens.expiresAt === undefined || tokens.expiresAt - Date.now() > REFRESH_MARGIN_MS) return tokens;
    if (tokens.refreshToken === undefined) {
      if (tokens.expiresAt > Date.now()) return tokens;
      // Expired with no way to renew it: a new login (often silent, through the IdP's session) brings a new one.
      throw loginRequired(request);
    }
    try {
      return await this.refresher.refresh(request.sessionID, tokens.refreshToken);
    } catch (error) {
      if (!(error instanceof RefreshRefusedError)) throw error;
      // Refused: nothing half-logged-in remains, the session and its tokens go. Gone: whatever ended the
      // session meanwhile (a logout, here or on another instance) ran its logout, and the store will not
      // take this request's copy back (session/new-sessions.ts). Either way the request is answered as anonymous.
      if (error.reason === 'refresh-refused') await this.logout.endCurrentSession(request, 'refresh-refused');
      throw loginRequired(request);
    }
  }

  private async verifiedClaims(accessToken: string): Promise<JWTPayload | undefined> {
    if (this.verifier === null || !looksLikeJwt(accessToken)) return undefined;
    try {
      return await this.verifier.verify(accessToken);
    } catch (error) {
      // The key set could not be fetched: fail closed, as a fault of the IdP rather than a refusal.
      if (error instanceof IdpCallError) throw new IdpFaultException(error);
      this.logger.warn({ event: 'access_token_rejected', reason: error instanceof Error ? error.message : String(error) });
      return undefined;
    }
  }
}
