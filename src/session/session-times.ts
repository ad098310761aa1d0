import type { Session, SessionData } from 'express-session';
import type { SessionConfig } from '../config/app-config.js';
import './session-data.js';

/** When a logged-in session began and the two deadlines that end it, whichever comes first. */
export interface SessionTimes {
  loggedInAt: Date;
  /** When the session ends without further activity: the expiry its cookie was last sent with. */
  idleExpiresAt: Date;
  /** When the session ends however active it is (authenticatedAt + the absolute timeout). */
  absoluteExpiresAt: Date;
}

/**
 * The cookie's expiry is the one the browser holds: it rolls once per touch interval, so it can
 * lag behind "now + idle timeout" by up to that interval, which is when the session really ends.
 */
export function sessionTimes(session: Session & Partial<SessionData>, config: SessionConfig): SessionTimes | undefined {
  const { authenticatedAt } = session;
  if (authenticatedAt === undefined) return undefined;
  const idleExpiresAt = session.cookie.expires ?? new Date(Date.now() + config.idleTimeoutSeconds * 1000);
  return {
    loggedInAt: new Date(authenticatedAt),
    idleExpiresAt,
    absoluteExpiresAt: new Date(authenticatedAt + config.absoluteTimeoutSeconds * 1000),
  };
}
