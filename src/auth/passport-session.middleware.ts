import type { NextFunction, Request, RequestHandler, Response } from 'express';
import passport from 'passport';

/**
 * passport.initialize() and passport.session() as one middleware: puts the logged-in user of
 * the session on `req.user`. A request without a session (no session cookie) has no user, and
 * passport.session() would refuse it, so it is skipped.
 */
export function createPassportSessionMiddleware(): RequestHandler {
  const initialize = passport.initialize();
  // @types/passport types session() as any; it is Express middleware.
  const restoreUser = passport.session() as RequestHandler;
  return (req: Request, res: Response, next: NextFunction) => {
    initialize(req, res, (error?: unknown) => {
      if (error !== undefined) return next(error);
      if ((req as Partial<Request>).session === undefined) return next();
      restoreUser(req, res, next);
    });
  };
}
