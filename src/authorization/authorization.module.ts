import { Module } from '@nestjs/common';
import { NavigationLocalsMiddleware } from './navigation-locals.middleware.js';

/**
 * @Roles and @RequireClaims, enforced by AuthorizationGuard (an app-wide guard, after SessionGuard:
 * app.pipeline.ts), and the header's links for each user (NavigationLocalsMiddleware).
 */
@Module({
  providers: [NavigationLocalsMiddleware],
  exports: [NavigationLocalsMiddleware],
})
export class AuthorizationModule {}
