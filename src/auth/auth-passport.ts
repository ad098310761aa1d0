import type { Provider } from '@nestjs/common';
import passport from 'passport';

/**
 * This app's own Passport, instead of passport's process-wide default: the Auth0 strategy
 * registers with it (Auth0Strategy.getPassportInstance, @nestjs/passport's way of choosing the
 * instance) and SessionSerializer tells it how a user goes into the session, so two apps in one
 * process never share a strategy or a serializer. It runs only at /login and /callback.
 */
export const AUTH_PASSPORT = Symbol('AUTH_PASSPORT');

export type AuthPassport = passport.Authenticator;

export const authPassportProvider: Provider = {
  provide: AUTH_PASSPORT,
  useFactory: (): AuthPassport => new passport.Passport(),
};
