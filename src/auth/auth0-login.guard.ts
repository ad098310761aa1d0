import { type ExecutionContext, Injectable } from '@nestjs/common';
import type { AuthGuardAuthenticateOptions } from '@nestjs/passport';
import type { Request } from 'express';
import { Auth0AuthenticateGuard } from './auth0-authenticate.guard.js';
import { assertNoAuthorizationResponse } from './callback-parameters.js';
import { LoginFailedException } from './login-failure.js';
import { LOGIN_TRANSACTION_TTL_MS, type LoginTransactionState } from './login-transactions.js';
import { safeReturnTo } from './return-to.js';

/** GET /login: starts the transaction and redirects to the IdP's /authorize. */
@Injectable()
export class Auth0LoginGuard extends Auth0AuthenticateGuard {
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    try {
      assertNoAuthorizationResponse(request.query);
    } catch (error) {
      if (error instanceof LoginFailedException) this.logFailure(error);
      throw error;
    }
    await this.ensureSession(context);
    await this.startLoginTransaction(request);
    await super.canActivate(context);
    return true;
  }

  /**
   * The return path travels as passport-oauth2's application state (an object `state` option),
   * kept with this login's transaction; @types/passport only knows the older string form.
   */
  override getAuthenticateOptions(context: ExecutionContext): AuthGuardAuthenticateOptions {
    const request = context.switchToHttp().getRequest<Request>();
    const state: LoginTransactionState = { returnTo: safeReturnTo(request.query.returnTo) };
    return { ...super.getAuthenticateOptions(context), state } as unknown as AuthGuardAuthenticateOptions;
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
      throw this.storeUnavailable(error);
    }
    if (!request.isAuthenticated()) request.session.cookie.maxAge = LOGIN_TRANSACTION_TTL_MS;
  }
}
