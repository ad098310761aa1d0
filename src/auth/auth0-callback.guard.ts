import { type ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { RedirectException } from '../errors/redirect.exception.js';
import { connectionOf, logSecurityEvent } from '../logging/security-events.js';
import { keepApiTokens } from '../session/api-tokens.js';
import { Auth0AuthenticateGuard } from './auth0-authenticate.guard.js';
import { assertIssuerParameter, assertWellFormedCallback } from './callback-parameters.js';
import { completedLoginOf } from './completed-login.js';
import { keepIdpLoginSession } from './idp-login-session.js';
import { LoginFailedException } from './login-failure.js';
import { selectIdTokenParams } from './login-transactions.js';
import { DEFAULT_RETURN_TO } from './return-to.js';
import type { SessionUser } from './session-user.js';

/** GET /callback: checks the authorization response, exchanges the code, starts the login session. */
@Injectable()
export class Auth0CallbackGuard extends Auth0AuthenticateGuard {
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    try {
      assertWellFormedCallback(request.query);
      assertIssuerParameter(request.query, this.config.auth0.issuer);
      await this.ensureSession(context);
      selectIdTokenParams(request);
      await super.canActivate(context);
    } catch (error) {
      if (!(error instanceof LoginFailedException)) throw error;
      if (error.reason !== 'state-mismatch') {
        this.logFailure(error);
        throw error;
      }
      // The host tells a callback on the wrong host name (cookie left behind) from an expired login.
      this.logFailure(error, { host: request.headers.host, ...this.untrustedProxyHint(request) });
      // A stale callback (back button, second tab) for someone already logged in is not worth an error page.
      if (request.isAuthenticated()) throw new RedirectException(DEFAULT_RETURN_TO);
      throw LoginFailedException.noLoginTransaction(error.detail ?? 'no login transaction', this.config.baseUrl);
    }
    await this.startAuthenticatedSession(request);
    return true;
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

  /**
   * passport >= 0.6 regenerates the session id in logIn (fixation defence, ASVS 5.0 7.2.4) and drops
   * the old data; only the logins still pending in other tabs are carried over (this one is consumed).
   */
  private async startAuthenticatedSession(request: Request): Promise<void> {
    const pendingLogins = request.session.loginTransactions;
    try {
      await super.logIn(request);
    } catch (error) {
      throw this.storeUnavailable(error);
    }
    if (pendingLogins !== undefined) request.session.loginTransactions = pendingLogins;
    request.session.authenticatedAt = Date.now();
    const { id } = request.user as SessionUser;
    request.session.subject = id;
    keepApiTokens(request, completedLoginOf(request).tokens, this.config.auth0);
    keepIdpLoginSession(request);
    logSecurityEvent({
      event: 'login_succeeded',
      sub: id,
      connection: connectionOf(id),
      idpHost: new URL(this.config.auth0.origin).host,
      sessionAgeSeconds: 0,
    });
  }
}
