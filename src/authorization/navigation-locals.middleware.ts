import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { NAVIGATION, visibleNavigation } from '../common/navigation.js';
import type { AppConfig } from '../config/app-config.js';
import { InjectAppConfig } from '../config/config.module.js';
import { stringListClaim } from '../common/string-list-claim.js';

/**
 * Puts the header's links for this request's user in `res.locals.navigation`, which every
 * rendered page (error pages included) receives: each link only for those it is meant for.
 * Runs after the session's user is restored (app.pipeline.ts).
 */
@Injectable()
export class NavigationLocalsMiddleware implements NestMiddleware {
  constructor(@InjectAppConfig() private readonly config: AppConfig) {}

  use(request: Request, response: Response, next: NextFunction): void {
    const { user } = request;
    const viewer = user ? { roles: stringListClaim(user.claims, this.config.auth0.rolesClaim) } : undefined;
    // originalUrl: Nest mounts this middleware on a path pattern, which leaves `request.path` at "/".
    const path = request.originalUrl.split('?', 1)[0] ?? '/';
    response.locals.navigation = visibleNavigation(NAVIGATION, viewer, path);
    next();
  }
}
