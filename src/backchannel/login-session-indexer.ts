import { Inject, Injectable } from '@nestjs/common';
import type { LoginEvent, LogoutEvent, OnLogin, OnLogout } from '../auth/login-hooks.js';
import { inStorage, STORAGE, type Storage } from '../storage/storage.js';
import { BACKCHANNEL_STORE, type BackchannelStore } from './backchannel-store.js';

/**
 * Records each new session under its user and the IdP login it came from (the ID token's `sid`),
 * so that a back-channel logout naming either finds it (Back-Channel Logout 1.0 §2.1); forgets it
 * when the session ends, whatever ended it.
 */
@Injectable()
export class LoginSessionIndexer implements OnLogin, OnLogout {
  constructor(
    @Inject(STORAGE) private readonly storage: Storage,
    @Inject(BACKCHANNEL_STORE) private readonly store: BackchannelStore,
  ) {}

  async onLogin({ sessionId, claims }: LoginEvent): Promise<void> {
    const sid = typeof claims.sid === 'string' && claims.sid.length > 0 ? claims.sid : undefined;
    await inStorage(this.storage, () => this.store.addSession(sessionId, { sub: claims.sub, sid }));
  }

  async onLogout({ sessionId }: LogoutEvent): Promise<void> {
    await this.store.removeSession(sessionId);
  }
}
