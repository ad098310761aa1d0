import type { Session, SessionData, Store } from 'express-session';

/** The stored data of session `sid`, read past the request's own copy (another request or instance may have changed it). */
export function readSession(store: Store, sid: string): Promise<SessionData | undefined> {
  return new Promise((resolve, reject) => {
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- passes on the store's error unchanged
    store.get(sid, (error: unknown, session?: SessionData | null) => (error ? reject(error) : resolve(session ?? undefined)));
  });
}

export function writeSession(store: Store, sid: string, session: SessionData): Promise<void> {
  return new Promise((resolve, reject) => {
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- passes on the store's error unchanged
    store.set(sid, session, (error?: unknown) => (error ? reject(error) : resolve()));
  });
}

/** Ends the request's session in the store; rejects when the store cannot be reached (the caller decides what that means). */
export function destroySession(session: Session): Promise<void> {
  return new Promise((resolve, reject) => {
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- passes on the store's error unchanged
    session.destroy((error?: unknown) => (error ? reject(error) : resolve()));
  });
}
