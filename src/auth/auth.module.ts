import { Module } from '@nestjs/common';
import { IdpModule } from '../idp/idp.module.js';
import { SessionModule } from '../session/session.module.js';
import { authPassportProvider } from './auth-passport.js';
import { Auth0Strategy } from './auth0.strategy.js';
import { Auth0CallbackGuard } from './auth0-callback.guard.js';
import { Auth0LoginGuard } from './auth0-login.guard.js';
import { AuthController } from './auth.controller.js';
import { CurrentUserMiddleware } from './current-user.middleware.js';
import { LoginCallbackService } from './login-callback.service.js';
import { LoginHooks } from './login-hooks.js';
import { loginRateLimitModule } from './login-rate-limit.js';
import { LoginStartService } from './login-start.service.js';
import { LogoutService } from './logout.service.js';
import { SessionGuard } from './session.guard.js';
import { SessionSerializer } from './session.serializer.js';

/**
 * Logging in with Auth0 (Passport + passport-auth0) and out again. For the rest of the app:
 * SessionGuard and CurrentUserMiddleware for the request pipeline, LoginHooks for the features
 * that react to logins and logouts, LogoutService for those that end sessions.
 */
@Module({
  imports: [SessionModule, IdpModule, loginRateLimitModule()],
  controllers: [AuthController],
  providers: [
    authPassportProvider,
    Auth0Strategy,
    SessionSerializer,
    LoginHooks,
    LogoutService,
    LoginStartService,
    LoginCallbackService,
    Auth0LoginGuard,
    Auth0CallbackGuard,
    SessionGuard,
    CurrentUserMiddleware,
  ],
  exports: [LoginHooks, LogoutService, SessionGuard, CurrentUserMiddleware],
})
export class AuthModule {}
