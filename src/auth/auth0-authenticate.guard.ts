import { type ExecutionContext, Inject, Injectable, Logger } from '@nestjs/common';
import { AuthGuard, type AuthGuardAuthenticateOptions } from '@nestjs/passport';
import type { Request, RequestHandler, Response } from 'express';
import passport from 'passport';
import type { AppConfig } from '../config/app-config.js';
import { InjectAppConfig } from '../config/config.module.js';
import { SESSION_STARTER, type SessionStarter } from '../session/session-starter.js';
import { SESSION_STORE, type SessionStoreHandle, SessionStoreUnavailableError } from '../session/session-store.js';
import './auth-session-data.js';
import { Auth0Strategy } from './auth0.strategy.js';
import { LoginFailedException } from './login-failure.js';
import type { SessionUser } from './session-user.js';

/**
 * What the login and callback steps share: the authenticate options passport-auth0 needs, the
 * mapping of every passport outcome to a LoginFailedException, and its log line.
 */
@Injectable()
export abstract class Auth0AuthenticateGuard extends AuthGuard('auth0') {
  protected readonly logger = new Logger('Login');

  constructor(
    @InjectAppConfig() protected readonly config: AppConfig,
    @Inject(SESSION_STORE) protected readonly sessions: SessionStoreHandle,
    @Inject(SESSION_STARTER) private readonly sessionStarter: SessionStarter,
    private readonly strategy: Auth0Strategy,
  ) {
    super();
  }

  // This app's strategy instance, not the name 'auth0': passport's registry is process-wide, a second app would replace it.
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const [request, response] = [http.getRequest<Request>(), http.getResponse<Response>()];
    // A fresh object per request, as passport makes for a name: it attaches the request's actions to it.
    const strategy = Object.create(this.strategy) as Auth0Strategy;
    request.user = await new Promise<SessionUser | undefined>((resolve, reject) => {
      // @types/passport types the middleware it returns `any`; it is Express middleware.
      const authenticate = passport.authenticate(
        strategy,
        this.getAuthenticateOptions(context),
        (error: unknown, user: SessionUser | false, info: unknown) => {
          try {
            request.authInfo = info as Request['authInfo'];
            resolve(this.handleRequest(error, user, info));
          } catch (failure) {
            // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- passes on what handleRequest threw unchanged
            reject(failure);
          }
        },
      ) as RequestHandler;
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- passes on the strategy's error unchanged
      authenticate(request, response, (error?: unknown) => (error ? reject(error) : resolve(undefined)));
    });
    return true;
  }

  // passport-auth0 skips every ID token check unless the scope comes with the authenticate options (not only the strategy options).
  override getAuthenticateOptions(_context: ExecutionContext): AuthGuardAuthenticateOptions {
    const { scope, audience } = this.config.auth0;
    return audience === undefined ? { scope } : { scope, audience };
  }

  override handleRequest<TUser = SessionUser>(error: unknown, user: TUser | false, info: unknown): TUser {
    if (error !== null && error !== undefined) throw LoginFailedException.fromError(error);
    if (!user) throw LoginFailedException.fromFailInfo(info);
    return user;
  }

  protected logFailure(error: LoginFailedException, context: Record<string, unknown> = {}): void {
    this.logger.warn({ event: 'login_failed', reason: error.reason, detail: error.detail, ...context });
  }

  /** Login and callback keep the transaction in a session, which a first visit does not have yet. */
  protected async ensureSession(context: ExecutionContext): Promise<void> {
    const http = context.switchToHttp();
    try {
      await this.sessionStarter.start(http.getRequest<Request>(), http.getResponse<Response>());
    } catch (error) {
      throw this.storeUnavailable(error);
    }
  }

  /** A store failure in the middle of a login is a 503 whose "try again" starts the login over. */
  protected storeUnavailable(error: unknown): SessionStoreUnavailableError {
    return new SessionStoreUnavailableError(this.sessions.kind, error, '/login');
  }
}
