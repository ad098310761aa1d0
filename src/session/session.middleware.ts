import { randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import session, { type Store } from 'express-session';
import type { SessionConfig } from '../config/app-config.js';
import './session-data.js';
import { touchIntervalSeconds } from './touch-interval.js';

const logger = new Logger('Session');

// express-session's own default: 192 bits from the CSPRNG (ASVS 5.0 7.2.3 asks for at least 128).
const SESSION_ID_BYTES = 24;

/**
 * express-session asks for a new id with `req.sessionID` still holding the id of a validly
 * signed cookie when the store no longer has that session, and with `req.session` unset
 * (a regenerate, by contrast, still has the old session). So this says: a browser came back
 * with a session the store has expired (idle timeout, a login that was never finished, or a
 * session ended elsewhere).
 */
function presentedUnknownSession(request: Request): boolean {
  return typeof request.sessionID === 'string' && (request as Partial<Request>).session === undefined;
}

export interface SessionMiddlewareOptions {
  store: Store;
  /** Told the id of a session a browser presented after the store let it go. */
  onExpired(sessionId: string): void;
}

/**
 * The session cookie policy (ASVS 5.0 §3.3, §7): HttpOnly, SameSite=Lax (Strict would drop the
 * cookie on the IdP's redirect back), Path=/ and no Domain, Secure + __Host- prefix on https,
 * rolling idle expiry (refreshed once per touch interval). Returns the middleware that loads the
 * session a request's cookie names; call it for a request without one to give it a new session.
 */
export function createSessionMiddleware(config: SessionConfig, options: SessionMiddlewareOptions): RequestHandler {
  const expressSession = session({
    name: config.cookieName,
    secret: config.secrets,
    store: options.store,
    resave: false,
    saveUninitialized: false,
    // Rolling by hand (refreshCookieEachInterval): re-signing and re-sending the cookie on every
    // response costs an HMAC and a header for an expiry that moves by milliseconds.
    rolling: false,
    unset: 'destroy',
    genid: (request) => {
      if (presentedUnknownSession(request)) options.onExpired(request.sessionID);
      return randomBytes(SESSION_ID_BYTES).toString('base64url');
    },
    cookie: {
      httpOnly: true,
      sameSite: 'lax',
      secure: config.secureCookie,
      path: '/',
      maxAge: config.idleTimeoutSeconds * 1000,
    },
  });
  const intervalMs = touchIntervalSeconds(config) * 1000;
  let warnedAboutInsecureRequest = false;

  return (req: Request, res: Response, next: NextFunction): void => {
    if (config.secureCookie && !req.secure && !warnedAboutInsecureRequest) {
      warnedAboutInsecureRequest = true;
      logger.warn(
        'BASE_URL is https but this request arrived over http, so the Secure session cookie will not be sent and login will loop. ' +
          'Behind a TLS-terminating proxy, set TRUST_PROXY so X-Forwarded-Proto is honoured.',
      );
    }
    expressSession(req, res, (error?: unknown) => {
      if (error !== undefined) return next(error);
      refreshCookieEachInterval(req, intervalMs);
      next();
    });
  };
}

/**
 * The idle timeout rolls (ASVS 5.0 7.3.1): once per touch interval a logged-in session changes,
 * so express-session saves it with a new expiry and sends the cookie again with that expiry.
 * Between those, the store's throttled touch keeps the server-side expiry in step. Anonymous
 * sessions (a pending login) keep their fixed lifetime and are never saved by this.
 */
function refreshCookieEachInterval(req: Request, intervalMs: number): void {
  const { session } = req;
  if (session?.authenticatedAt === undefined) return;
  const interval = Math.floor(Date.now() / intervalMs);
  // Login saved the session and sent the cookie: that counts for the interval it happened in.
  const lastRolled = session.rollingInterval ?? Math.floor(session.authenticatedAt / intervalMs);
  if (lastRolled !== interval) session.rollingInterval = interval;
}
