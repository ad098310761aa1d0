import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { AUTH_PASSPORT, type AuthPassport } from './auth-passport.js';
import { completedLoginOf } from './completed-login.js';
import { LoginHooks } from './login-hooks.js';

/**
 * How the user goes into the session, on this app's Passport.
 *
 * passport's logIn (at the callback) regenerates the session, a new id and none of the old data
 * (fixation defence, ASVS 5.0 7.2.4), then serialises the user into it, then saves it. Serialising
 * is where the login becomes this session: the login hooks run with the new id and may add app data
 * or refuse (then nothing is saved), the login time is stamped for the absolute timeout, what
 * RP-initiated logout names the IdP's login by is kept (idp-logout.ts), and the logins other tabs
 * still have pending are carried over. The session is saved once, complete.
 *
 * The session holds the small SessionUser itself: CurrentUserMiddleware reads it back per request,
 * with no lookup and no deserializer.
 */
@Injectable()
export class SessionSerializer {
  constructor(
    @Inject(AUTH_PASSPORT) passport: AuthPassport,
    private readonly hooks: LoginHooks,
  ) {
    passport.serializeUser<Express.User, Request>((request, user, done) => {
      this.serialize(request, user).then(
        (serialized) => done(null, serialized),
        (error: unknown) => done(error),
      );
    });
  }

  private async serialize(request: Request, user: Express.User): Promise<Express.User> {
    const login = completedLoginOf(request);
    const withAppData = await this.hooks.runLogin({
      claims: login.idTokenClaims,
      user,
      sessionId: request.sessionID,
      request,
      tokens: login.keptTokens,
    });
    request.session.authenticatedAt = Date.now();
    const { sid } = login.idTokenClaims;
    if (typeof sid === 'string' && sid.length > 0) request.session.idpSessionId = sid;
    if (login.idToken !== undefined) request.session.idToken = login.idToken;
    if (login.otherPendingLogins?.length) request.session.loginTransactions = login.otherPendingLogins;
    return withAppData;
  }
}
