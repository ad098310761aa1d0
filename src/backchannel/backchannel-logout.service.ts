import { Inject, Injectable } from '@nestjs/common';
import { LogoutService } from '../auth/logout.service.js';
import type { AppConfig } from '../config/app-config.js';
import { InjectAppConfig } from '../config/config.module.js';
import { IdpKeySet } from '../idp/idp-key-set.js';
import { logSecurityEvent } from '../logging/security-events.js';
import { inStorage, STORAGE, type Storage } from '../storage/storage.js';
import { BACKCHANNEL_STORE, type BackchannelStore } from './backchannel-store.js';
import { LogoutTokenRejectedError } from './logout-token-rejected.error.js';
import { CLOCK_TOLERANCE_SECONDS, LogoutTokenVerifier, MAX_LOGOUT_TOKEN_AGE_SECONDS } from './logout-token.verifier.js';

// A token older than this is refused on its `iat` anyway, so its `jti` need not be kept longer.
const REPLAY_WINDOW_SECONDS = MAX_LOGOUT_TOKEN_AGE_SECONDS + 2 * CLOCK_TOLERANCE_SECONDS;

/** Ends the sessions a valid logout token names, on whichever storage runs and whichever instance receives it. */
@Injectable()
export class BackchannelLogoutService {
  private readonly verifier: LogoutTokenVerifier;

  constructor(
    @InjectAppConfig() { auth0 }: AppConfig,
    keys: IdpKeySet,
    @Inject(STORAGE) private readonly storage: Storage,
    @Inject(BACKCHANNEL_STORE) private readonly store: BackchannelStore,
    private readonly logout: LogoutService,
  ) {
    this.verifier = new LogoutTokenVerifier({ issuer: auth0.issuer, clientId: auth0.clientId, algorithm: 'RS256' }, keys);
  }

  /**
   * Resolves once the sessions are gone, including when there were none (OpenID Connect
   * Back-Channel Logout 1.0 §2.8: the logout succeeded if nothing is left to end).
   */
  async logOut(logoutToken: string): Promise<void> {
    const { jti, sub, sid } = await this.verifier.verify(logoutToken);
    // §2.6 (10): a `jti` seen before is a replay; the store shares what it saw with every instance.
    if (!(await inStorage(this.storage, () => this.store.firstUse(`logout-token:${jti}`, REPLAY_WINDOW_SECONDS)))) {
      throw new LogoutTokenRejectedError('jti was already used');
    }
    const sessionIds = await inStorage(this.storage, () => this.store.sessionsOf({ sub, sid }));
    for (const sessionId of sessionIds) await this.logout.endSession(sessionId, sub);
    logSecurityEvent({ event: 'backchannel_logout', outcome: 'accepted', jti, sub, sid, sessionsEnded: sessionIds.length });
  }
}
