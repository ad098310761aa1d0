import type { Store } from 'express-session';
import type { SessionStoreKind } from '../config/app-config.js';
import { UserFacingException } from '../errors/user-facing.exception.js';
import type { LoginSessionMatch } from './login-session-index.js';

/** What the rest of the app may know about the session store: not which engine it is. */
export interface SessionStoreHandle {
  readonly kind: SessionStoreKind;
  readonly store: Store;
  /** Resolves when the store answers; rejects (quickly) when it does not. */
  ping(): Promise<void>;
  close(): Promise<void>;
  /** Set when several instances can share the store (Redis): a lock they all see. */
  readonly locks?: SessionLocks;
  /** Ends the sessions a back-channel logout names (see `endsLogin`); resolves with how many ended. */
  endLoginSessions(match: LoginSessionMatch): Promise<number>;
  /** Resolves true the first time `key` is seen within `ttlSeconds`, false for a repeat (a replay guard shared by every instance). */
  rememberOnce(key: string, ttlSeconds: number): Promise<boolean>;
}

/** A short mutual exclusion between the instances that share a session store. */
export interface SessionLocks {
  /** Takes `name` for at most `ttlMs`; resolves to its release, or undefined while another holder has it. */
  tryAcquire(name: string, ttlMs: number): Promise<(() => Promise<void>) | undefined>;
}

export const SESSION_STORE = Symbol('SESSION_STORE');

/** Raised when the store cannot be reached; rendered as a 503, never as a silent logout. */
export class SessionStoreUnavailableError extends UserFacingException {
  constructor(
    readonly storeKind: SessionStoreKind,
    cause: unknown,
    retryUrl?: string,
  ) {
    super(
      {
        status: 503,
        heading: 'Temporarily unavailable',
        message: 'We cannot reach our session storage right now. Please try again in a moment.',
        retryUrl,
        retryLabel: 'Try again',
      },
      { cause, logReason: 'session-store-unavailable' },
    );
    this.name = 'SessionStoreUnavailableError';
  }
}
