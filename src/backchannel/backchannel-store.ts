/** Which sessions a back-channel logout ends: those of one IdP login (`sid`), or all of one user's (`sub`). */
export interface LoginSessionMatch {
  sub?: string;
  sid?: string;
}

/**
 * What back-channel logout keeps beside the sessions, on the same storage: which sessions came from
 * which login, and which logout tokens were already used. Errors are the storage's.
 */
export interface BackchannelStore {
  /** At login: session `sessionId` belongs to user `sub`, from the IdP login `sid` when the ID token named one. */
  addSession(sessionId: string, login: { sub: string; sid: string | undefined }): Promise<void>;
  /**
   * The sessions a logout token names (Back-Channel Logout 1.0 §2.7): with a `sid`, the sessions of
   * that IdP login; with only a `sub`, every session of that user.
   */
  sessionsOf(match: LoginSessionMatch): Promise<string[]>;
  /** Forgets a session that ended. */
  removeSession(sessionId: string): Promise<void>;
  /** True the first time `key` is seen within `ttlSeconds`, on every instance at once: the `jti` replay guard (§2.6 (10)). */
  firstUse(key: string, ttlSeconds: number): Promise<boolean>;
}

export const BACKCHANNEL_STORE = Symbol('BACKCHANNEL_STORE');
