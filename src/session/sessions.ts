import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Session, Store } from 'express-session';
import type { SessionConfig } from '../config/app-config.js';
import { inStorage, type Storage, StorageUnavailableError } from '../storage/storage.js';
import { markNewSessions } from './new-sessions.js';
import { createSessionMiddleware } from './session.middleware.js';

/** Told the id of a session whose browser came back after the store had let it go (idle timeout, or ended elsewhere). */
export type SessionExpiredListener = (sessionId: string) => void;

/**
 * The app's sessions: the middleware that loads them, and what other features may do to them
 * (start one for an anonymous visitor, end one by id, count them). Errors of the store come out as
 * StorageUnavailableError (503). It knows nothing of what a session is used for.
 */
export class Sessions {
  private readonly loadSession: RequestHandler;
  private readonly expiredListeners: SessionExpiredListener[] = [];
  private readonly cookiePrefix: string;

  constructor(
    private readonly storage: Storage,
    /** The express-session store itself, for what must read or write a session by id (tests do). */
    readonly store: Store,
    private readonly config: SessionConfig,
  ) {
    this.loadSession = createSessionMiddleware(config, {
      store,
      onExpired: (sessionId) => {
        for (const listener of this.expiredListeners) listener(sessionId);
      },
    });
    // Only now does the store have express-session's `generate`: from here on its saves tell new sessions from existing ones.
    markNewSessions(store);
    this.cookiePrefix = `${config.cookieName}=`;
  }

  /**
   * For every request: loads the session its cookie names. A request without that cookie stays
   * without a session (no id drawn, no store call, nothing to save) unless a route starts one.
   */
  readonly middleware: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
    // A substring test only decides whether to look: express-session parses and verifies the cookie.
    if (req.headers.cookie?.includes(this.cookiePrefix)) this.load(req, res, next);
    else next();
  };

  /** Gives the request a session (new and empty when it had none), for what must outlive it: a login transaction. */
  start(req: Request, res: Response): Promise<void> {
    if ((req as Partial<Request>).session !== undefined) return Promise.resolve();
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- passes on the store's error unchanged
    return new Promise((resolve, reject) => this.load(req, res, (error?: unknown) => (error === undefined ? resolve() : reject(error))));
  }

  /** Ends the request's own session: gone from the store, its cookie no longer names anything. */
  endCurrent(session: Session): Promise<void> {
    return this.call((done) => session.destroy(done));
  }

  /** Replaces the request's session with a new, empty one under a new id; the old one is gone from the store. */
  renew(session: Session): Promise<void> {
    return this.call((done) => session.regenerate(done));
  }

  /** Ends session `sessionId` wherever its browser is (another request, another instance). */
  end(sessionId: string): Promise<void> {
    return this.call((done) => this.store.destroy(sessionId, done));
  }

  /** Unexpired sessions in the store, logins in progress included; undefined when the store cannot count. */
  count(): Promise<number | undefined> {
    const length = this.store.length?.bind(this.store);
    if (length === undefined) return Promise.resolve(undefined);
    return this.call<number>((done) => length(done));
  }

  /** Which storage holds them (sqlite, redis, memory): for what an admin page shows. */
  get storageKind(): Storage['kind'] {
    return this.storage.kind;
  }

  /** Resolves when sessions can be saved; rejects (quickly) when the store does not answer. */
  ping(): Promise<void> {
    return inStorage(this.storage, () => this.storage.ping());
  }

  /** Tells the browser to drop its session cookie (the session itself is ended separately). */
  clearCookie(response: Response): void {
    const { cookieName, secureCookie } = this.config;
    response.clearCookie(cookieName, { path: '/', httpOnly: true, sameSite: 'lax', secure: secureCookie });
  }

  onExpired(listener: SessionExpiredListener): void {
    this.expiredListeners.push(listener);
  }

  private load(req: Request, res: Response, next: NextFunction): void {
    this.loadSession(req, res, (error?: unknown) =>
      next(error === undefined ? undefined : new StorageUnavailableError(this.storage.kind, error)),
    );
  }

  /** express-session's callback style, as a promise whose failure is the store's. */
  private call<T = void>(operation: (done: (error?: unknown, value?: T) => void) => void): Promise<T> {
    return inStorage(
      this.storage,
      () =>
        new Promise<T>((resolve, reject) =>
          // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- passes on the store's error unchanged
          operation((error, value) => (error ? reject(error) : resolve(value as T))),
        ),
    );
  }
}
