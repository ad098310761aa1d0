import { Injectable, Logger } from '@nestjs/common';
import type { AuthenticateOptions } from 'passport';
import type { Request, Response } from 'express';
import type { AppConfig } from '../config/app-config.js';
import { InjectAppConfig } from '../config/config.module.js';
import { RedirectException } from '../errors/redirect.exception.js';
import { UserFacingException } from '../errors/user-facing.exception.js';
import { connectionOf, logSecurityEvent } from '../logging/security-events.js';
import { Sessions } from '../session/sessions.js';
import { StorageUnavailableError } from '../storage/storage.js';
import { assertIssuerParameter, assertWellFormedCallback } from './callback-parameters.js';
import { completedLoginOf } from './completed-login.js';
import { LoginFailedException, LoginRefusedException } from './login-failure.js';
import { LoginHookFailedError, LoginHooks, LoginRefusedError } from './login-hooks.js';
import { assertLoginMeetsRequirements } from './login-requirements.js';
import { selectIdTokenParams } from './login-transactions.js';
import { DEFAULT_RETURN_TO } from './return-to.js';

/**
 * GET /callback: what the callback guard checks before passport-auth0 handles the authorization
 * response, how a failure is answered and logged, and how a completed login becomes the session.
 */
@Injectable()
export class LoginCallbackService {
  private readonly logger = new Logger('Login');

  constructor(
    @InjectAppConfig() private readonly config: AppConfig,
    private readonly sessions: Sessions,
    private readonly hooks: LoginHooks,
  ) {}

  /** The response's shape (RFC 6749 §3.1, §4.1.2; RFC 9207), and a session to find its transaction in. */
  async prepare(request: Request, response: Response): Promise<void> {
    try {
      assertWellFormedCallback(request.query);
      assertIssuerParameter(request.query, this.config.auth0.issuer);
    } catch (error) {
      this.failed(request, error);
    }
    try {
      await this.sessions.start(request, response);
    } catch (error) {
      throw error instanceof StorageUnavailableError ? error.retryAt('/login') : error;
    }
    selectIdTokenParams(request);
  }

  /** Same as for /login (LoginStartService): the scope turns passport-auth0's ID token checks on. */
  authenticateOptions(): AuthenticateOptions {
    const { scope, audience } = this.config.auth0;
    return audience === undefined ? { scope } : ({ scope, audience } as AuthenticateOptions);
  }

  /**
   * The ID token passed its checks; it must also show what its login asked for (J4): the
   * organization (AUTH0_ORGANIZATION binds every login, whatever its transaction recorded), a
   * recent enough authentication, multi-factor. Nothing is saved before this holds.
   */
  meetsLoginRequest(request: Request, user: Express.User): Express.User {
    const login = completedLoginOf(request);
    const { organization } = this.config.auth0;
    const requirements = { ...login.state?.requirements, ...(organization === undefined ? {} : { organization }) };
    assertLoginMeetsRequirements(login.idTokenClaims, requirements, new Date());
    return user;
  }

  /** Answers a failed callback: the log line with its reason, then the error page (or, for a stale callback, home). */
  failed(request: Request, error: unknown): never {
    if (!(error instanceof LoginFailedException)) throw error;
    if (error.reason !== 'state-mismatch') {
      this.logFailure(error.reason, error.detail);
      throw error;
    }
    // The host tells a callback on the wrong host name (cookie left behind) from an expired login.
    this.logFailure(error.reason, error.detail, { host: request.headers.host, ...this.untrustedProxyHint(request) });
    // A stale callback (back button, second tab) for someone already logged in is not worth an error page.
    if (request.user) throw new RedirectException(DEFAULT_RETURN_TO);
    throw LoginFailedException.noLoginTransaction(error.detail ?? 'no login transaction', this.config.baseUrl);
  }

  /**
   * Makes the completed login the browser's session through passport's logIn (`logIn`): the login
   * hooks run as the user is serialised into the new session (SessionSerializer). A refusal is a 403,
   * a hook that throws an error page; either way nothing is saved and the browser drops its cookie.
   */
  async startSession(request: Request, response: Response, user: Express.User, logIn: () => Promise<void>): Promise<void> {
    // LoginTransactionStore consumed this callback's transaction: what is left belongs to other tabs.
    if (request.authInfo !== undefined) request.authInfo.otherPendingLogins = request.session.loginTransactions ?? [];
    try {
      await logIn();
    } catch (error) {
      this.sessions.clearCookie(response);
      throw await this.loginNotSaved(request, user, error);
    }
    logSecurityEvent({
      event: 'login_succeeded',
      sub: user.id,
      connection: connectionOf(user.id),
      idpHost: new URL(this.config.auth0.origin).host,
      sessionAgeSeconds: 0,
    });
  }

  private async loginNotSaved(request: Request, user: Express.User, error: unknown): Promise<Error> {
    if (error instanceof LoginRefusedError) {
      this.logFailure('refused', error.reason, { sub: user.id });
      return new LoginRefusedException();
    }
    if (error instanceof LoginHookFailedError) {
      this.logFailure('login-hook-failed', error.message, { sub: user.id });
      return error.cause instanceof UserFacingException ? error.cause : new LoginFailedException('login-hook-failed', error.message);
    }
    // The hooks ran, the session could not be saved: what they recorded for it goes.
    await this.hooks.loginFailed(request.sessionID, user.id, request);
    return error instanceof StorageUnavailableError
      ? error.retryAt('/login')
      : new StorageUnavailableError(this.config.session.store, error, '/login');
  }

  /**
   * An https BASE_URL, yet the request is plain http: a TLS-terminating proxy that TRUST_PROXY does
   * not trust, so express-session never sent the Secure cookie and no login can find its transaction.
   */
  private untrustedProxyHint(request: Request): { hint?: string } {
    if (!this.config.session.secureCookie || request.secure) return {};
    return {
      hint:
        'BASE_URL is https but this request arrived as plain http, so the Secure session cookie was never sent: ' +
        'behind a proxy that terminates TLS, set TRUST_PROXY (1 for one hop, or the proxy addresses)',
    };
  }

  private logFailure(reason: string, detail: string | undefined, context: Record<string, unknown> = {}): void {
    this.logger.warn({ event: 'login_failed', reason, detail, ...context });
  }
}
