import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { AppConfig } from '../config/app-config.js';
import { InjectAppConfig } from '../config/config.module.js';
import { LogoutService } from './logout.service.js';

/**
 * The pipeline step after the session: puts the session's user on `request.user`, as
 * passport.session() would, without running a strategy per request: SessionSerializer stores the
 * SessionUser itself in passport's slot, so restoring it is reading it back. A login older than
 * the absolute timeout ends first, however active it was (ASVS 5.0 7.3.2). A request without a
 * session, or whose session has no login, costs nothing here.
 */
@Injectable()
export class CurrentUserMiddleware implements NestMiddleware {
  private readonly absoluteTimeoutMs: number;

  constructor(
    @InjectAppConfig() config: AppConfig,
    private readonly logout: LogoutService,
  ) {
    this.absoluteTimeoutMs = config.session.absoluteTimeoutSeconds * 1000;
  }

  use(request: Request, _response: Response, next: NextFunction): void {
    const session = (request as Partial<Request>).session;
    const user = session?.passport?.user;
    if (session === undefined || user === undefined) return next();
    request.user = user;
    const { authenticatedAt } = session;
    if (authenticatedAt === undefined || Date.now() - authenticatedAt <= this.absoluteTimeoutMs) return next();
    this.logout.endCurrentSession(request, 'absolute-timeout').then(() => next(), next);
  }
}
