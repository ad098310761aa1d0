import type { Request } from 'express';
import type { JWTPayload } from 'jose';
import type { TokenSet } from '../idp/token-endpoint.js';

/** What a login brings besides the profile, for the callback to keep what a feature needs after passport's logIn. */
export interface CompletedLogin {
  /** The verified ID token's claims (`sid` names the IdP's login session). */
  idTokenClaims: JWTPayload & { sub: string };
  /** The token endpoint's answer: never stored whole, never logged. */
  tokens: TokenSet;
}

/** Auth0Strategy.validate() hands it to passport as `info`, which the authenticate guard keeps as `request.authInfo`. */
export function completedLoginOf(request: Request): CompletedLogin {
  return request.authInfo as CompletedLogin;
}
