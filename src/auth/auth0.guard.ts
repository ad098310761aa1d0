import type { CanActivate, ExecutionContext } from '@nestjs/common';
import type { AuthenticateOptions } from 'passport';
import type { Request, RequestHandler, Response } from 'express';
import type { AuthPassport } from './auth-passport.js';
import { LoginFailedException } from './login-failure.js';

/**
 * What @nestjs/passport's AuthGuard('auth0') does, on this app's own Passport rather than the
 * process-wide one: runs the 'auth0' strategy for the request (passport gives each request its own
 * copy of a strategy it knows by name) and maps the outcome with handleRequest. The login and
 * callback guards configure it and delegate the protocol work to named services.
 */
export abstract class Auth0Guard implements CanActivate {
  constructor(private readonly passport: AuthPassport) {}

  abstract canActivate(context: ExecutionContext): Promise<boolean>;

  /**
   * Resolves with the user the strategy returned, and passport's `info` in `request.authInfo`.
   * When the strategy redirects (to /authorize) the response is sent and this never resolves, as
   * with AuthGuard.
   */
  protected authenticate(context: ExecutionContext, options: AuthenticateOptions): Promise<Express.User> {
    const http = context.switchToHttp();
    const [request, response] = [http.getRequest<Request>(), http.getResponse<Response>()];
    return new Promise((resolve, reject) => {
      // @types/passport types the middleware it returns `any`; it is Express middleware.
      const authenticate = this.passport.authenticate('auth0', options, (error: unknown, user: Express.User | false, info: unknown) => {
        try {
          request.authInfo = info as Request['authInfo'];
          resolve(this.handleRequest(error, user, info));
        } catch (failure) {
          // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- passes on what handleRequest threw unchanged
          reject(failure);
        }
      }) as RequestHandler;
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- passes on the strategy's error unchanged
      authenticate(request, response, (error?: unknown) => reject(error ?? new Error('passport ended the login without an outcome')));
    });
  }

  /** Every outcome that is not a user (an error, a failed state check, an IdP error response) becomes a LoginFailedException. */
  protected handleRequest(error: unknown, user: Express.User | false, info: unknown): Express.User {
    if (error !== null && error !== undefined) throw LoginFailedException.fromError(error);
    if (!user) throw LoginFailedException.fromFailInfo(info);
    return user;
  }

  /** passport's logIn: a new session id (the old session and its data gone), the user serialised into it, saved. */
  protected logIn(request: Request, user: Express.User): Promise<void> {
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- passes on passport's (or a login hook's) error unchanged
    return new Promise((resolve, reject) => request.logIn(user, (error: unknown) => (error ? reject(error) : resolve())));
  }
}
