import type { ApiTokens } from './api-tokens.js';

/**
 * Where a session's API tokens live: beside the sessions, on the same storage, keyed by the
 * session id, never in the session itself. A save of the session (express-session writes the
 * whole session back at the end of a request) can therefore never put back a refresh token that
 * was rotated meanwhile, and the session stays small. Errors are the storage's; callers map them.
 */
export interface TokenStore {
  get(sessionId: string): Promise<ApiTokens | undefined>;
  /** The tokens of a new login, kept as long as its session can live (the absolute timeout). */
  put(sessionId: string, tokens: ApiTokens): Promise<void>;
  /** After a refresh: replaces the tokens only while the session still has some, so a logout meanwhile wins. */
  replace(sessionId: string, tokens: ApiTokens): Promise<boolean>;
  /**
   * Forgets the session's tokens and hands back what they were (their refresh token is to be
   * revoked), in one step: a refresh finishing meanwhile either replaced them before, and its
   * token is the one handed back, or finds none to replace.
   */
  take(sessionId: string): Promise<ApiTokens | undefined>;
}

export const TOKEN_STORE = Symbol('TOKEN_STORE');
