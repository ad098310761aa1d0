import { Injectable, Logger } from '@nestjs/common';
import type { AuthenticateOptions } from 'passport';
import type { Request, Response } from 'express';
import type { AppConfig } from '../config/app-config.js';
import { InjectAppConfig } from '../config/config.module.js';
import { Sessions } from '../session/sessions.js';
import { StorageUnavailableError } from '../storage/storage.js';
import { assertNoAuthorizationResponse } from './callback-parameters.js';
import { LoginFailedException } from './login-failure.js';
import { LOGIN_TRANSACTION_TTL_MS, type LoginTransactionState } from './login-transactions.js';
import { safeReturnTo } from './return-to.js';

/** GET /login: what the login guard checks and prepares before passport-auth0 redirects to /authorize. */
@Injectable()
export class LoginStartService {
  private readonly logger = new Logger('Login');

  constructor(
    @InjectAppConfig() private readonly config: AppConfig,
    private readonly sessions: Sessions,
  ) {}

  /**
   * The transaction (state, nonce, PKCE verifier, return path) lives in the session until the
   * callback. It is saved only as the redirect goes out, too late to report a dead store: check
   * first, so the user gets a 503 instead of a doomed round trip. An anonymous visitor's transaction
   * expires quickly, so abandoned logins (and bots) do not leave day-long rows behind.
   */
  async prepare(request: Request, response: Response): Promise<void> {
    try {
      assertNoAuthorizationResponse(request.query);
    } catch (error) {
      if (error instanceof LoginFailedException) this.logger.warn({ event: 'login_failed', reason: error.reason, detail: error.detail });
      throw error;
    }
    try {
      await this.sessions.start(request, response);
      await this.sessions.ping();
    } catch (error) {
      throw error instanceof StorageUnavailableError ? error.retryAt('/login') : error;
    }
    if (request.user === undefined) request.session.cookie.maxAge = LOGIN_TRANSACTION_TTL_MS;
  }

  /**
   * passport-auth0 skips every ID token check unless the scope comes with the authenticate options
   * (not only the strategy's). The return path travels as passport-oauth2's application state (an
   * object `state` option), kept with this login's transaction; @types/passport knows only the string form.
   */
  authenticateOptions(request: Request): AuthenticateOptions {
    const { scope, audience } = this.config.auth0;
    const state: LoginTransactionState = { returnTo: safeReturnTo(request.query.returnTo) };
    return { scope, ...(audience === undefined ? {} : { audience }), state } as unknown as AuthenticateOptions;
  }
}
