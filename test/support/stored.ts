import type { SessionData, Store } from 'express-session';
import { Sessions } from '../../src/session/sessions.js';
import type { ApiTokens } from '../../src/tokens/api-tokens.js';
import { TOKEN_STORE, type TokenStore } from '../../src/tokens/token-store.js';
import type { TestApp } from './app.js';
import type { HttpClient } from './http-client.js';
import { sessionIdOf } from './session-cookie.js';

/** What a booted app keeps, read past its requests: for tests that check what the server holds. */
export interface StoredState {
  /** The session id the client's cookie names. */
  sessionIdOf(client: HttpClient): Promise<string>;
  session(sessionId: string): Promise<SessionData | undefined>;
  /** Writes a session back as a request that loaded it earlier would (express-session saves the whole session). */
  saveSession(sessionId: string, data: SessionData): Promise<void>;
  /** Deletes a session from the store behind the app's back, as the store's own expiry does. */
  deleteSession(sessionId: string): Promise<void>;
  /** Every stored session, as JSON (the memory store only). */
  allSessions(): Promise<string>;
  tokens(sessionId: string): Promise<ApiTokens | undefined>;
}

function call<T>(operation: (done: (error?: unknown, value?: T) => void) => void): Promise<T> {
  // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- passes on the store's error unchanged
  return new Promise((resolve, reject) => operation((error, value) => (error ? reject(error) : resolve(value as T))));
}

export function storedState(app: TestApp): StoredState {
  const { store } = app.app.get(Sessions);
  const tokens = app.app.get<TokenStore>(TOKEN_STORE);
  return {
    async sessionIdOf(client) {
      return sessionIdOf((await client.cookieValue(app.url, app.config.session.cookieName)) ?? '');
    },
    async session(sessionId) {
      return (await call<SessionData | null>((done) => store.get(sessionId, done))) ?? undefined;
    },
    saveSession: (sessionId, data) => call((done) => store.set(sessionId, data, done)),
    deleteSession: (sessionId) => call((done) => store.destroy(sessionId, done)),
    async allSessions() {
      const all = (store as Required<Pick<Store, 'all'>>).all.bind(store);
      return JSON.stringify(await call((done) => all(done)));
    },
    tokens: (sessionId) => tokens.get(sessionId),
  };
}
