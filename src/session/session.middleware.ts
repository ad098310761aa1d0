import { randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import session from 'express-session';
import type { SessionConfig } from '../config/app-config.js';
import { logSecurityEvent } from '../logging/security-events.js';
import { createAbsoluteTimeoutMiddleware } from './absolute-timeout.middleware.js';
import './session-data.js';
import type { SessionStarter } from './session-starter.js';
import { type SessionStoreHandle, SessionStoreUnavailableError } from './session-store.js';
import { touchIntervalSeconds } from './touch-interval.js';

const logger = new Logger('Session');

// express-session's own default: 192 bits from the CSPRNG (ASVS 5.0 7.2.3 asks for at least 128).
const SESSION_ID_BYTES = 24;

/**
 * express-session asks for a new id with `req.sessionID` still holding the id of a validly
 * signed cookie when the store no longer has that session, and with `req.session` unset
 * (a regenerate, by contrast, still has the old session). So this says: a browser came back
 * with a session the store has expired (idle timeout, or a login that was never finished).
 */
function presentedUnknownSession(request: Request): boolean {
  return typeof request.sessionID === 'string' && (request as Partial<Request>).session === undefined;
}

export interface SessionMiddleware extends SessionStarter {
  /**
   * For every request: loads the session named by the session cookie, then enforces the
   * absolute timeout. A request without that cookie stays without a session (no id drawn, no
   * store call, nothing to save) unless a route starts one.
   */
  handle: RequestHandler;
}

/**
 * The session cookie policy (ASVS 5.0 §3.3, §7): HttpOnly, SameSite=Lax (Strict would drop the
 * cookie on the IdP's redirect back), Path=/ and no Domain, Secure + __Host- prefix on https,
 * rolling idle expiry (refreshed once per touch interval), no session row for anonymous visitors.
 */
export function createSessionMiddleware(config: SessionConfig, handle: SessionStoreHandle): SessionMiddleware {
  const expressSession = session({
    name: config.cookieName,
    secret: config.secrets,
    store: handle.store,
    resave: false,
    saveUninitialized: false,
    // Rolling by hand (refreshCookieEachInterval): re-signing and re-sending the cookie on every
    // response costs an HMAC and a header for an expiry that moves by milliseconds.
    rolling: false,
    unset: 'destroy',
    genid: (request) => {
      if (presentedUnknownSession(request)) logSecurityEvent({ event: 'session_ended', reason: 'expired' });
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
  const absoluteTimeout = createAbsoluteTimeoutMiddleware(config);
  const intervalMs = touchIntervalSeconds(config) * 1000;
  const cookiePrefix = `${config.cookieName}=`;
  let warnedAboutInsecureRequest = false;

  const loadSession = (req: Request, res: Response, next: NextFunction): void => {
    if (config.secureCookie && !req.secure && !warnedAboutInsecureRequest) {
      warnedAboutInsecureRequest = true;
      logger.warn(
        'BASE_URL is https but this request arrived over http, so the Secure session cookie will not be sent and login will loop. ' +
          'Behind a TLS-terminating proxy, set TRUST_PROXY so X-Forwarded-Proto is honoured.',
      );
    }
    expressSession(req, res, (error?: unknown) => {
      if (error !== undefined) return next(new SessionStoreUnavailableError(handle.kind, error));
      refreshCookieEachInterval(req, intervalMs);
      absoluteTimeout(req, res, next);
    });
  };

  return {
    handle: (req, res, next) => {
      // A substring test only decides whether to look: express-session parses and verifies the cookie.
      if (req.headers.cookie?.includes(cookiePrefix)) loadSession(req, res, next);
      else next();
    },
    start: (req, res) => {
      if ((req as Partial<Request>).session !== undefined) return Promise.resolve();
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- passes on the session middleware's error unchanged
      return new Promise((resolve, reject) => loadSession(req, res, (error?: unknown) => (error === undefined ? resolve() : reject(error))));
    },
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
