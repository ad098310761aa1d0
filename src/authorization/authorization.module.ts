import { type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { SESSIONLESS_ROUTES } from '../session/session.module.js';
import { AuthorizationGuard } from './authorization.guard.js';
import { NavigationLocalsMiddleware } from './navigation-locals.middleware.js';

/**
 * @Roles and @RequireClaims for every route. Import it after AuthModule: Nest runs app-wide
 * guards, and mounts the middleware of modules at the same depth, in that order, so the
 * SessionGuard and the restored session user come first.
 */
@Module({
  providers: [{ provide: APP_GUARD, useClass: AuthorizationGuard }],
})
export class AuthorizationModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(NavigationLocalsMiddleware)
      .exclude(...SESSIONLESS_ROUTES)
      .forRoutes('*');
  }
}
