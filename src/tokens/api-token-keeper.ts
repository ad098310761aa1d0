import { Inject, Injectable } from '@nestjs/common';
import type { LoginEvent, LogoutEvent, OnLogin, OnLogout } from '../auth/login-hooks.js';
import { inStorage, STORAGE, type Storage } from '../storage/storage.js';
import { apiTokensFrom } from './api-tokens.js';
import { RefreshTokenRevoker } from './refresh-token-revoker.js';
import { TOKEN_STORE, type TokenStore } from './token-store.js';

/**
 * Keeps a login's API tokens for its session (when the app keeps tokens at all) and, when the
 * session ends, forgets them and revokes the refresh token at the tenant (RFC 7009 §2), whatever
 * ended it: RP logout, back-channel logout (the IdP ended the login, the token would still work),
 * a timeout, a login that failed after this hook ran. Not after `refresh-refused`: the tenant
 * already refused that token. Forgotten first, then revoked: a refresh finishing meanwhile finds
 * nothing to replace and revokes the token it got itself (TokenRefresher).
 */
@Injectable()
export class ApiTokenKeeper implements OnLogin, OnLogout {
  constructor(
    @Inject(STORAGE) private readonly storage: Storage,
    @Inject(TOKEN_STORE) private readonly tokens: TokenStore,
    private readonly revoker: RefreshTokenRevoker,
  ) {}

  async onLogin({ sessionId, tokens }: LoginEvent): Promise<void> {
    if (tokens === undefined) return;
    await inStorage(this.storage, () => this.tokens.put(sessionId, apiTokensFrom(tokens, Date.now())));
  }

  async onLogout({ sessionId, reason }: LogoutEvent): Promise<void> {
    const forgotten = await this.tokens.take(sessionId);
    if (forgotten?.refreshToken === undefined || reason === 'refresh-refused') return;
    await this.revoker.revoke(forgotten.refreshToken, reason);
  }
}
