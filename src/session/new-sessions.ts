import type { Request } from 'express';
import type { SessionData, Store } from 'express-session';

// A symbol, defined non-enumerable: JSON.stringify never writes it to the store.
const UNSAVED_NEW_SESSION = Symbol('new session, not saved yet');

type GeneratingStore = Store & { generate(request: Request): void };

/**
 * express-session makes a request's session object in one of two ways: `store.generate` for a new
 * one (a browser without a valid cookie, regenerate() at login and at the absolute timeout), or
 * from what `store.get` found under the cookie's id. It saves both through the same `store.set`,
 * at the end of the request, whatever happened to the session meanwhile. So that a session ended
 * during a request (logout, back-channel logout, a refused refresh, a timeout, on any instance) is
 * not written back (ASVS 5.0 7.4.1), the new ones are marked here: a store inserts only a marked
 * session, once, and otherwise updates only a session that still exists.
 *
 * Call it after express-session's middleware was created on `store`: that is when it sets `store.generate`.
 */
export function markNewSessions(store: Store): void {
  assertGenerates(store);
  const generate = store.generate.bind(store);
  store.generate = (request) => {
    generate(request);
    markNewSession(request.session);
  };
}

/** `session` was made for this request, not loaded from the store: a store may insert it. */
export function markNewSession(session: SessionData): void {
  Object.defineProperty(session, UNSAVED_NEW_SESSION, { value: true, configurable: true });
}

/** A session this process generated and no store has saved yet: the only kind a store may insert. */
export function isUnsavedNewSession(session: SessionData): boolean {
  return Reflect.get(session, UNSAVED_NEW_SESSION) === true;
}

/** The store inserted it: from now on it is an existing session, which a later save may only update. */
export function markSaved(session: SessionData): void {
  Reflect.deleteProperty(session, UNSAVED_NEW_SESSION);
}

function assertGenerates(store: Store): asserts store is GeneratingStore {
  if (typeof (store as Partial<GeneratingStore>).generate !== 'function') {
    throw new Error('markNewSessions: express-session has not set up this store yet');
  }
}
