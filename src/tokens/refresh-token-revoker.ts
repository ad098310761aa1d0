import { Injectable, Logger } from '@nestjs/common';
import type { LogoutReason } from '../auth/login-hooks.js';
import type { AppConfig } from '../config/app-config.js';
import { InjectAppConfig } from '../config/config.module.js';
import { IdpHttpClient } from '../idp/idp-http.client.js';
import { revokeRefreshToken } from '../idp/token-revocation.js';

/**
 * Why a refresh token is revoked: how its session ended (never `refresh-refused`: the tenant has
 * already refused that token), or a refresh that brought a new one after its session ended.
 */
export type RevocationCause = Exclude<LogoutReason, 'refresh-refused'> | 'session-ended-during-refresh';

/**
 * Revokes refresh tokens the app will never use again (RFC 7009; RFC 9700 §4.14: a refresh token
 * left alive outlives the logout for as long as the tenant lets it). Never blocks what called it
 * for longer than AUTH0_HTTP_TIMEOUT, never throws: a tenant that fails or does not answer is
 * one warning line, with the cause and the failure, never the token.
 */
@Injectable()
export class RefreshTokenRevoker {
  private readonly logger = new Logger('Tokens');

  constructor(
    @InjectAppConfig() private readonly config: AppConfig,
    private readonly http: IdpHttpClient,
  ) {}

  async revoke(refreshToken: string, cause: RevocationCause): Promise<void> {
    const { revocationUrl, clientId, clientSecret } = this.config.auth0;
    try {
      await revokeRefreshToken(this.http, { revocationUrl, clientId, clientSecret, refreshToken });
    } catch (error) {
      this.logger.warn({ event: 'refresh_token_revocation_failed', cause, error: error instanceof Error ? error.message : String(error) });
    }
  }
}
