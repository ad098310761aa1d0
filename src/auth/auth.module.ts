import { type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { SESSIONLESS_ROUTES } from '../session/session.module.js';
import { Auth0Strategy } from './auth0.strategy.js';
import { Auth0CallbackGuard } from './auth0-callback.guard.js';
import { Auth0LoginGuard } from './auth0-login.guard.js';
import { AuthController } from './auth.controller.js';
import { loginRateLimitModule } from './login-rate-limit.js';
import { createPassportSessionMiddleware } from './passport-session.middleware.js';
import { SessionGuard } from './session.guard.js';
import { SessionSerializer } from './session.serializer.js';

@Module({
  imports: [PassportModule.register({ session: true }), loginRateLimitModule()],
  controllers: [AuthController],
  providers: [Auth0Strategy, Auth0LoginGuard, Auth0CallbackGuard, SessionSerializer, { provide: APP_GUARD, useClass: SessionGuard }],
})
export class AuthModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // Runs after the session middleware (SessionModule is global, so Nest mounts it first).
    consumer
      .apply(createPassportSessionMiddleware())
      .exclude(...SESSIONLESS_ROUTES)
      .forRoutes('*');
  }
}
