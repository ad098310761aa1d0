import { setTimeout as delay } from 'node:timers/promises';
import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { InjectAppConfig } from '../config/config.module.js';
import { IdpCallError } from '../idp/idp-errors.js';
import { IdpHttpClient } from '../idp/idp-http.client.js';
import { refreshAccessToken, type TokenSet } from '../idp/token-endpoint.js';
import { type ApiTokens, apiTokensFrom } from '../session/api-tokens.js';
import { readSession, writeSession } from '../session/session-records.js';
import { SESSION_STORE, type SessionStoreHandle, SessionStoreUnavailableError } from '../session/session-store.js';
import { IdpFaultException } from './idp-fault.exception.js';
import { RefreshRefusedError } from './refresh-refused.error.js';

// How often an instance waiting for another's refresh looks at the lock again.
const LOCK_POLL_MS = 50;
// The lock outlives the slowest refresh (one IdP call, bounded by AUTH0_HTTP_TIMEOUT) plus the store writes.
const LOCK_MARGIN_MS = 2000;
// How long this process remembers a session's last rotation: longer than any request that could
// still save the session with the tokens from before it.
const ROTATION_MEMORY_MS = 60_000;
const MAX_REMEMBERED_ROTATIONS = 10_000;

interface Rotation {
  spentRefreshToken: string;
  tokens: ApiTokens;
  at: number;
}

/**
 * Renews a session's access token with its refresh token, once per session at a time. Auth0 rotates
 * refresh tokens and treats a second use of one as theft, revoking the whole family (every session
 * of that login): two concurrent refreshes of one token would log the user out everywhere.
 * - in this process, concurrent requests of one session share one refresh (single flight),
 * - across instances sharing Redis, a short lock per session; the holder re-reads the session
 *   from the store, so an instance that waited uses the token the other one already rotated,
 * - the rotated tokens are written to the store before the lock is released,
 * - a request that loaded the session before a rotation and saved it after (express-session saves
 *   the whole session) writes the spent refresh token back: the process remembers its last rotation
 *   per session for a minute and hands out its result instead of presenting the spent token.
 * SQLite and memory sessions live in one process, where the single flight is enough.
 */
@Injectable()
export class TokenRefresher {
  private readonly inFlight = new Map<string, Promise<ApiTokens>>();
  private readonly rotations = new Map<string, Rotation>();
  private readonly lockTtlMs: number;

  constructor(
    @InjectAppConfig() private readonly config: AppConfig,
    private readonly http: IdpHttpClient,
    @Inject(SESSION_STORE) private readonly sessions: SessionStoreHandle,
  ) {
    this.lockTtlMs = config.auth0.httpTimeoutMs + LOCK_MARGIN_MS;
  }

  /**
   * The renewed tokens of session `sid`, whose refresh token the caller holds is `refreshToken`.
   * Rejects with RefreshRefusedError, IdpFaultException or SessionStoreUnavailableError.
   */
  refresh(sid: string, refreshToken: string): Promise<ApiTokens> {
    let flight = this.inFlight.get(sid);
    if (flight === undefined) {
      flight = this.refreshOnce(sid, refreshToken).finally(() => this.inFlight.delete(sid));
      this.inFlight.set(sid, flight);
    }
    return flight;
  }

  private async refreshOnce(sid: string, refreshToken: string): Promise<ApiTokens> {
    const release = await this.lock(sid);
    try {
      const stored = await this.storeCall(() => readSession(this.sessions.store, sid));
      const current = stored?.apiTokens;
      if (stored === undefined || current === undefined) throw new RefreshRefusedError('session-gone');
      // Another instance (or an earlier request here) already rotated it: use its result.
      if (current.refreshToken !== refreshToken) return current;
      const fresh = this.rotatedHere(sid, refreshToken) ?? apiTokensFrom(await this.callTokenEndpoint(refreshToken), Date.now(), current);
      await this.storeCall(() => writeSession(this.sessions.store, sid, { ...stored, apiTokens: fresh }));
      this.remember(sid, { spentRefreshToken: refreshToken, tokens: fresh, at: Date.now() });
      return fresh;
    } finally {
      // A lock that cannot be released expires by itself within lockTtlMs.
      await release().catch(() => undefined);
    }
  }

  /** The tokens this process got for `refreshToken` a moment ago, if a stale save put the spent token back. */
  private rotatedHere(sid: string, refreshToken: string): ApiTokens | undefined {
    const rotation = this.rotations.get(sid);
    if (rotation === undefined || rotation.spentRefreshToken !== refreshToken || Date.now() - rotation.at > ROTATION_MEMORY_MS) return undefined;
    return rotation.tokens;
  }

  private remember(sid: string, rotation: Rotation): void {
    this.rotations.delete(sid);
    this.rotations.set(sid, rotation);
    if (this.rotations.size > MAX_REMEMBERED_ROTATIONS) {
      const oldest = this.rotations.keys().next().value;
      if (oldest !== undefined) this.rotations.delete(oldest);
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
  private async lock(sid: string): Promise<() => Promise<void>> {
    const locks = this.sessions.locks;
    if (locks === undefined) return () => Promise.resolve();
    const deadline = Date.now() + this.lockTtlMs;
    for (;;) {
      const release = await this.storeCall(() => locks.tryAcquire(`refresh:${sid}`, this.lockTtlMs));
      if (release !== undefined) return release;
      if (Date.now() > deadline)
        throw new IdpFaultException(new IdpCallError('timeout', 'token endpoint', 'another instance held the refresh lock too long'));
      await delay(LOCK_POLL_MS);
    }
  }

  private async storeCall<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw new SessionStoreUnavailableError(this.sessions.kind, error);
    }
  }
}
