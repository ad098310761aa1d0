import type { SessionData } from 'express-session';
import './session-data.js';

declare module 'express-session' {
  interface SessionData {
    /** The IdP login this session came from (the ID token's `sid`): a back-channel logout names it. */
    idpSessionId?: string;
  }
}

/** Which sessions a back-channel logout ends: those of one IdP login (`sid`), or all of one user (`sub`). */
export interface LoginSessionMatch {
  sub?: string;
  sid?: string;
}

/** What the stores index a session by. */
export interface IndexedLogin {
  subject: string | undefined;
  idpSessionId: string | undefined;
}

export function indexedLoginOf(session: Partial<SessionData>): IndexedLogin {
  return { subject: session.subject, idpSessionId: session.idpSessionId };
}

/**
 * OpenID Connect Back-Channel Logout 1.0 §2.7: with a `sid`, the sessions of that IdP login end;
 * with only a `sub`, every session of that user. A session saved before the app kept the `sid`
 * has none, so a token naming both also ends that user's sessions without a `sid`: otherwise no
 * logout could ever reach them.
 */
export function endsLogin(match: LoginSessionMatch, login: IndexedLogin): boolean {
  if (match.sid === undefined) return match.sub !== undefined && login.subject === match.sub;
  if (login.idpSessionId !== undefined) return login.idpSessionId === match.sid;
  return match.sub !== undefined && login.subject === match.sub;
}
