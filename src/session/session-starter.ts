import type { Request, Response } from 'express';

/**
 * Requests without a session cookie get no session (see session.middleware.ts); a route that
 * must keep something across requests for an anonymous visitor (a login transaction) starts one.
 */
export interface SessionStarter {
  /** Gives the request a session (new and empty when it had none); a no-op when it has one. */
  start(request: Request, response: Response): Promise<void>;
}

export const SESSION_STARTER = Symbol('SESSION_STARTER');
