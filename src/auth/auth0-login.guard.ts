import { type ExecutionContext, Inject, Injectable, Logger } from '@nestjs/common';
import { AuthGuard, type AuthGuardAuthenticateOptions } from '@nestjs/passport';
import type { Request } from 'express';
import type { AppConfig } from '../config/app-config.js';
import { InjectAppConfig } from '../config/config.module.js';
import { RedirectException } from '../errors/redirect.exception.js';
import { SESSION_STORE, type SessionStoreHandle, SessionStoreUnavailableError } from '../session/session-store.js';
import { assertIssuerParameter, assertWellFormedCallback } from './callback-parameters.js';
import { IdpCallError } from './idp/idp-errors.js';
import { type LoginFailureReason, LoginFailedException } from './login-failure.js';
import { DEFAULT_RETURN_TO, safeReturnTo } from './return-to.js';
import type { SessionUser } from './session-user.js';
import './auth-session-data.js';

// Long enough to sign in (Auth0's codes themselves live 10 minutes), short enough not to pile up.
const LOGIN_TRANSACTION_MAX_AGE_MS = 10 * 60_000;

/**
 * Runs passport-auth0 for /login (redirect to /authorize) and /callback (code exchange), and
 * turns every way a login can fail into a LoginFailedException with a reason code.
 */
@Injectable()
export class Auth0LoginGuard extends AuthGuard('auth0') {
  private readonly logger = new Logger('Login');

  constructor(
    @InjectAppConfig() private readonly config: AppConfig,
    @Inject(SESSION_STORE) private readonly sessions: SessionStoreHandle,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    const isCallback = request.path === '/callback';
    try {
      if (isCallback) {
        assertWellFormedCallback(request.query);
        assertIssuerParameter(request.query, this.config.auth0.issuer);
      } else {
        await this.startLoginTransaction(request);
      }
      await super.canActivate(context);
      if (isCallback) await this.startAuthenticatedSession(request);
      return true;
    } catch (error) {
      if (!(error instanceof LoginFailedException)) throw error;
      this.logFailure(error);
      // A stale callback (back button, second tab) for someone already logged in is not worth an error page.
      if (error.reason === 'state-mismatch' && request.isAuthenticated()) throw new RedirectException(DEFAULT_RETURN_TO);
      throw error;
    }
  }

  // Trap: passport-auth0 skips every ID token check unless the scope comes with the authenticate options.
  override getAuthenticateOptions(): AuthGuardAuthenticateOptions {
    const { scope, audience } = this.config.auth0;
    return audience === undefined ? { scope } : { scope, audience };
  }

  override handleRequest<TUser = SessionUser>(error: unknown, user: TUser | false, info: unknown): TUser {
    if (error !== null && error !== undefined) throw toLoginFailure(error);
    if (!user) throw new LoginFailedException(failureFromInfo(info), describe(info));
    return user;
  }

  /**
   * passport >= 0.6 regenerates the session id in logIn (fixation defence, ASVS 5.0 7.2.4) and drops
   * the old data, including the consumed state and nonce; only the return path is carried over.
   */
  private async startAuthenticatedSession(request: Request): Promise<void> {
    const returnTo = request.session.returnTo;
    await super.logIn(request);
    request.session.returnTo = returnTo;
    request.session.authenticatedAt = Date.now();
  }

  /**
   * The transaction (state, nonce, PKCE verifier, return path) lives in the session until the
   * callback. It is saved only as the redirect goes out, too late to report a dead store: check
   * first, so the user gets a 503 instead of a doomed round trip. An anonymous visitor's transaction
   * expires quickly, so abandoned logins (and bots) do not leave day-long rows behind.
   */
  private async startLoginTransaction(request: Request): Promise<void> {
    try {
      await this.sessions.ping();
    } catch (error) {
      throw new SessionStoreUnavailableError(this.sessions.kind, error);
    }
    if (!request.isAuthenticated()) request.session.cookie.maxAge = LOGIN_TRANSACTION_MAX_AGE_MS;
    request.session.returnTo = safeReturnTo(request.query.returnTo);
  }

  private logFailure(error: LoginFailedException): void {
    this.logger.warn({ event: 'login_failed', reason: error.reason, detail: error.detail });
  }
}

/**
 * passport-auth0 fails with the IdP's `error` string; passport-oauth2's only other failure on the
 * callback is the state check (RFC 6749 §10.12).
 */
function failureFromInfo(info: unknown): LoginFailureReason {
  if (info === 'access_denied') return 'cancelled';
  return typeof info === 'string' ? 'idp-error-response' : 'state-mismatch';
}

function describe(info: unknown): string {
  if (typeof info === 'string') return `IdP error response: ${info.slice(0, 64)}`;
  return typeof info === 'object' && info !== null && 'message' in info ? String(info.message) : 'authentication failed';
}

/** Maps what passport, passport-auth0 and our IdP client throw to a user-facing failure. */
function toLoginFailure(error: unknown): Error {
  if (error instanceof LoginFailedException) return error;
  if (error instanceof IdpCallError) return LoginFailedException.fromIdpCall(error);
  const cause = (error as { oauthError?: unknown }).oauthError;
  if (cause instanceof IdpCallError) return LoginFailedException.fromIdpCall(cause);
  // passport-auth0's claim checks throw plain Errors (and SyntaxErrors for an undecodable token).
  if (error instanceof Error) return new LoginFailedException('id-token-rejected', withoutClaimValues(error.message));
  return new LoginFailedException('id-token-rejected', withoutClaimValues(String(error)));
}

/**
 * passport-auth0 ends its messages with `; expected "<value>", found "<value>"`: the log keeps
 * which rule failed, not the nonce or other claim values (no secrets in logs, ASVS 4.0.3 7.1.1).
 */
function withoutClaimValues(message: string): string {
  return message.split(';')[0] ?? message;
}
