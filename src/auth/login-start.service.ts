import { Injectable, Logger } from '@nestjs/common';
import type { AuthenticateOptions } from 'passport';
import type { Request, Response } from 'express';
import type { AppConfig } from '../config/app-config.js';
import { InjectAppConfig } from '../config/config.module.js';
import { Sessions } from '../session/sessions.js';
import { StorageUnavailableError } from '../storage/storage.js';
import { assertNoAuthorizationResponse } from './callback-parameters.js';
import { LoginFailedException } from './login-failure.js';
import { type LoginParameters, loginParametersFrom } from './login-parameters/login-parameters.js';
import { requirementsOf } from './login-requirements.js';
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
   * Checks the query, starts the session that keeps the login transaction (state, nonce, PKCE
   * verifier, return path, what the ID token must show) until the callback, and returns passport's
   * authenticate options. The transaction is saved only as the redirect goes out, too late to report
   * a dead store: check first, so the user gets a 503 instead of a doomed round trip. An anonymous
   * visitor's transaction expires quickly, so abandoned logins (and bots) do not leave day-long rows behind.
   */
  async prepare(request: Request, response: Response): Promise<AuthenticateOptions> {
    let parameters: LoginParameters;
    try {
      assertNoAuthorizationResponse(request.query);
      parameters = this.withConfiguredOrganization(loginParametersFrom(request.query));
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
    return this.authenticateOptions(request, parameters);
  }

  /** With AUTH0_ORGANIZATION every login is made in that organization, whatever an invitation link names. */
  private withConfiguredOrganization(parameters: LoginParameters): LoginParameters {
    const { organization } = this.config.auth0;
    return organization === undefined ? parameters : { ...parameters, organization };
  }

  /**
   * passport-auth0 skips every ID token check unless the scope comes with the authenticate options
   * (not only the strategy's). The allow-listed login parameters go beside it (the adapter lets only
   * those reach /authorize); the scope, audience and state come last, so nothing overrides them. The
   * return path and what the ID token must show travel as passport-oauth2's application state (an
   * object `state` option), kept with this login's transaction; @types/passport knows only the string form.
   */
  private authenticateOptions(request: Request, parameters: LoginParameters): AuthenticateOptions {
    const { scope, audience } = this.config.auth0;
    const requirements = requirementsOf(parameters);
    const state: LoginTransactionState = {
      returnTo: safeReturnTo(request.query.returnTo),
      ...(Object.keys(requirements).length === 0 ? {} : { requirements }),
    };
    return { ...parameters, scope, ...(audience === undefined ? {} : { audience }), state } as unknown as AuthenticateOptions;
  }
}
