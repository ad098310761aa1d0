import { Inject, Injectable } from '@nestjs/common';
import type { LoginEvent, LogoutEvent, OnLogin, OnLogout } from '../auth/login-hooks.js';
import { inStorage, STORAGE, type Storage } from '../storage/storage.js';
import { apiTokensFrom } from './api-tokens.js';
import { TOKEN_STORE, type TokenStore } from './token-store.js';

/** Keeps a login's API tokens for its session (when the app keeps tokens at all) and forgets them when the session ends. */
@Injectable()
export class ApiTokenKeeper implements OnLogin, OnLogout {
  constructor(
    @Inject(STORAGE) private readonly storage: Storage,
    @Inject(TOKEN_STORE) private readonly tokens: TokenStore,
  ) {}

  async onLogin({ sessionId, tokens }: LoginEvent): Promise<void> {
    if (tokens === undefined) return;
    await inStorage(this.storage, () => this.tokens.put(sessionId, apiTokensFrom(tokens, Date.now())));
  }

  async onLogout({ sessionId }: LogoutEvent): Promise<void> {
    await this.tokens.delete(sessionId);
  }
}
