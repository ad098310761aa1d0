import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { SessionConfig } from '../config/app-config.js';
import { logSecurityEvent } from '../logging/security-events.js';
import './session-data.js';
import { SessionStoreUnavailableError } from './session-store.js';

/**
 * Ends a login session that is older than the absolute timeout however active it is
 * (ASVS 5.0 7.3.2). The session is regenerated empty, so the guard sends the user to log in.
 */
export function createAbsoluteTimeoutMiddleware(config: SessionConfig): RequestHandler {
  const maxAgeMs = config.absoluteTimeoutSeconds * 1000;
  return (req: Request, _res: Response, next: NextFunction) => {
    const authenticatedAt = req.session?.authenticatedAt;
    if (authenticatedAt === undefined || Date.now() - authenticatedAt <= maxAgeMs) return next();
    logSecurityEvent({
      event: 'session_ended',
      reason: 'absolute-timeout',
      sub: req.session.subject,
      sessionAgeSeconds: Math.round((Date.now() - authenticatedAt) / 1000),
    });
    req.session.regenerate((error?: unknown) => {
      next(error === undefined ? undefined : new SessionStoreUnavailableError(config.store, error));
    });
  };
}
