import { setTimeout as delay } from 'node:timers/promises';
import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { InjectAppConfig } from '../config/config.module.js';
import { IdpCallError } from '../idp/idp-errors.js';
import { IdpHttpClient } from '../idp/idp-http.client.js';
import { refreshAccessToken, type TokenSet } from '../idp/token-endpoint.js';
import { inStorage, STORAGE, type Storage } from '../storage/storage.js';
import { type ApiTokens, apiTokensFrom } from './api-tokens.js';
import { IdpFaultException } from './idp-fault.exception.js';
import { RefreshRefusedError } from './refresh-refused.error.js';
import type { RefreshLocks } from './refresh-lock.js';
import { RefreshTokenRevoker } from './refresh-token-revoker.js';
import { REFRESH_LOCKS } from './token-storage.js';
import { TOKEN_STORE, type TokenStore } from './token-store.js';

// How often an instance waiting for another's refresh looks at the lock again.
const LOCK_POLL_MS = 50;
// The lock outlives the slowest refresh (one IdP call, bounded by AUTH0_HTTP_TIMEOUT) plus the store writes.
const LOCK_MARGIN_MS = 2000;

/**
 * Renews a session's access token with its refresh token, once per session at a time. Auth0 rotates
 * refresh tokens and treats a second use of one as theft, revoking the whole family (every session
 * of that login): two concurrent refreshes of one token would log the user out everywhere.
 * - in this process, concurrent requests of one session share one refresh (single flight),
 * - across instances sharing Redis, a short lock per session; the holder reads the tokens again
 *   from the store, so an instance that waited uses the token the other one already rotated,
 * - the rotated tokens are in the store before the lock is released, and only while the session
 *   still has tokens: a logout during the refresh is not undone, and the refresh token the tenant
 *   just issued, which nothing will ever use, is revoked.
 */
@Injectable()
export class TokenRefresher {
  private readonly inFlight = new Map<string, Promise<ApiTokens>>();
  private readonly lockTtlMs: number;

  constructor(
    @InjectAppConfig() private readonly config: AppConfig,
    private readonly http: IdpHttpClient,
    @Inject(STORAGE) private readonly storage: Storage,
    @Inject(TOKEN_STORE) private readonly tokens: TokenStore,
    @Inject(REFRESH_LOCKS) private readonly locks: RefreshLocks | null,
    private readonly revoker: RefreshTokenRevoker,
  ) {
    this.lockTtlMs = config.auth0.httpTimeoutMs + LOCK_MARGIN_MS;
  }

  /**
   * The renewed tokens of session `sessionId`, whose refresh token the caller holds is `refreshToken`.
   * Rejects with RefreshRefusedError, IdpFaultException or StorageUnavailableError.
   */
  refresh(sessionId: string, refreshToken: string): Promise<ApiTokens> {
    let flight = this.inFlight.get(sessionId);
    if (flight === undefined) {
      flight = this.refreshOnce(sessionId, refreshToken).finally(() => this.inFlight.delete(sessionId));
      this.inFlight.set(sessionId, flight);
    }
    return flight;
  }

  private async refreshOnce(sessionId: string, refreshToken: string): Promise<ApiTokens> {
    const release = await this.lock(sessionId);
    try {
      const current = await inStorage(this.storage, () => this.tokens.get(sessionId));
      if (current === undefined) throw new RefreshRefusedError('session-gone');
      // Another instance (or an earlier request here) already rotated it: use its result.
      if (current.refreshToken !== refreshToken) return current;
      const fresh = apiTokensFrom(await this.callTokenEndpoint(refreshToken), Date.now(), current);
      if (await inStorage(this.storage, () => this.tokens.replace(sessionId, fresh))) return fresh;
      if (fresh.refreshToken !== undefined && fresh.refreshToken !== refreshToken) {
        await this.revoker.revoke(fresh.refreshToken, 'session-ended-during-refresh');
      }
      throw new RefreshRefusedError('session-gone');
    } finally {
      // A lock that cannot be released expires by itself within lockTtlMs.
      await release().catch(() => undefined);
    }
  }

  private async callTokenEndpoint(refreshToken: string): Promise<TokenSet> {
    const { tokenUrl, clientId, clientSecret } = this.config.auth0;
    try {
      return await refreshAccessToken(this.http, { tokenUrl, clientId, clientSecret, refreshToken });
    } catch (error) {
      if (!(error instanceof IdpCallError)) throw error;
      // RFC 6749 §5.2: the refresh token is invalid, expired, revoked or was already used.
      if (error.oauthError === 'invalid_grant') throw new RefreshRefusedError('refresh-refused');
      throw new IdpFaultException(error);
    }
  }

  /** Waits for the session's lock (Redis only) until the other holder's refresh must have ended. */
  private async lock(sessionId: string): Promise<() => Promise<void>> {
    const locks = this.locks;
    if (locks === null) return () => Promise.resolve();
    const deadline = Date.now() + this.lockTtlMs;
    for (;;) {
      const release = await inStorage(this.storage, () => locks.tryAcquire(`refresh:${sessionId}`, this.lockTtlMs));
      if (release !== undefined) return release;
      if (Date.now() > deadline)
        throw new IdpFaultException(new IdpCallError('timeout', 'token endpoint', 'another instance held the refresh lock too long'));
      await delay(LOCK_POLL_MS);
    }
  }
}
