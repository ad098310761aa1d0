import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { AppConfig } from '../config/app-config.js';
import { InjectAppConfig } from '../config/config.module.js';
import { AUTH_PASSPORT, type AuthPassport } from './auth-passport.js';
import { LogoutService } from './logout.service.js';

/**
 * The pipeline step after the session: passport's initialize() and session() on this app's
 * Passport put the session's user on `request.user`; a login older than the absolute timeout ends
 * first, however active it was (ASVS 5.0 7.3.2). A request without a session has no user, and
 * passport.session() would refuse it, so it is skipped.
 */
@Injectable()
export class CurrentUserMiddleware implements NestMiddleware {
  private readonly initialize: RequestHandler;
  private readonly restoreUser: RequestHandler;
  private readonly absoluteTimeoutMs: number;

  constructor(
    @Inject(AUTH_PASSPORT) passport: AuthPassport,
    @InjectAppConfig() config: AppConfig,
    private readonly logout: LogoutService,
  ) {
    this.initialize = passport.initialize();
    // @types/passport types session() as any; it is Express middleware.
    this.restoreUser = passport.session() as RequestHandler;
    this.absoluteTimeoutMs = config.session.absoluteTimeoutSeconds * 1000;
  }

  use(request: Request, response: Response, next: NextFunction): void {
    this.initialize(request, response, (error?: unknown) => {
      if (error !== undefined) return next(error);
      if ((request as Partial<Request>).session === undefined) return next();
      this.restoreUser(request, response, (restoreError?: unknown) => {
        if (restoreError !== undefined) return next(restoreError);
        if (!this.loginExpired(request)) return next();
        this.logout.endCurrentSession(request, 'absolute-timeout').then(() => next(), next);
      });
    });
  }

  private loginExpired(request: Request): boolean {
    const { authenticatedAt } = request.session;
    return authenticatedAt !== undefined && Date.now() - authenticatedAt > this.absoluteTimeoutMs;
  }
}
