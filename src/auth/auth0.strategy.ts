import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { AppConfig } from '../config/app-config.js';
import { InjectAppConfig } from '../config/config.module.js';
import { type IdTokenClaims, IdTokenVerifier } from '../idp/id-token-verifier.js';
import { IdpCallError } from '../idp/idp-errors.js';
import { IdpHttpClient } from '../idp/idp-http.client.js';
import { IdpKeySet } from '../idp/idp-key-set.js';
import { exchangeAuthorizationCode, type TokenSet } from '../idp/token-endpoint.js';
import { fetchUserInfo } from '../idp/userinfo.js';
import { AUTH_PASSPORT, type AuthPassport } from './auth-passport.js';
import type { CompletedLogin } from './completed-login.js';
import { LoginFailedException } from './login-failure.js';
import { LOGIN_PARAMETER_NAMES } from './login-parameters/login-parameters.js';
import { LoginTransactionStore } from './login-transactions.js';
import { PassportAuth0Adapter } from './passport-auth0.adapter.js';
import { type SessionUser, toSessionUser } from './session-user.js';

// The authenticate options that may reach /authorize: the configured audience and the allow-listed login parameters.
const AUTHORIZATION_PARAMETERS = new Set(['audience', ...LOGIN_PARAMETER_NAMES]);

/**
 * passport-auth0 builds the authorization request (state, nonce, PKCE) and checks the ID token's
 * claims (iss, aud/azp, exp, iat, nonce, sub) before calling validate(). What it leaves open is
 * closed here, in this order, so nothing reaches /userinfo before the ID token has passed
 * (RFC 9700 §4.5.3.2):
 *   1. the code exchange runs on IdpHttpClient (timeout, size cap, no redirects, shape checks)
 *      instead of node-oauth (`exchangeCode`, see PassportAuth0Adapter),
 *   2. validate() verifies the ID token's signature against the JWKS; its claims are the profile,
 *   3. with AUTH0_USERINFO=true, only then /userinfo is called, with a Bearer header, and its
 *      `sub` must match (OIDC Core 5.3.2); its claims are the profile instead.
 */
@Injectable()
export class Auth0Strategy extends PassportStrategy(PassportAuth0Adapter, 'auth0') {
  private readonly idToken: IdTokenVerifier;

  constructor(
    @InjectAppConfig() private readonly config: AppConfig,
    @Inject(AUTH_PASSPORT) passport: AuthPassport,
    private readonly http: IdpHttpClient,
    keys: IdpKeySet,
  ) {
    const { auth0 } = config;
    super({
      passport,
      domain: new URL(auth0.origin).host,
      clientID: auth0.clientId,
      clientSecret: auth0.clientSecret,
      callbackURL: auth0.callbackUrl,
      authorizationURL: auth0.authorizationUrl,
      tokenURL: auth0.tokenUrl,
      userInfoURL: auth0.userInfoUrl,
      expectedIssuer: auth0.issuer,
      state: true,
      pkce: true,
      store: new LoginTransactionStore(),
      skipUserProfile: true,
      exchangeCode: async (code, params) =>
        exchangeAuthorizationCode(http, {
          tokenUrl: auth0.tokenUrl,
          clientId: auth0.clientId,
          clientSecret: auth0.clientSecret,
          params: { ...params, code },
          expectIdToken: auth0.scope.split(' ').includes('openid'),
        }),
      authorizationParameters: AUTHORIZATION_PARAMETERS,
    });
    this.idToken = new IdTokenVerifier(
      { issuer: auth0.issuer, clientId: auth0.clientId, trustedAudiences: auth0.trustedIdTokenAudiences, algorithm: 'RS256' },
      keys,
    );
  }

  /** @nestjs/passport's PassportStrategy registers the strategy, as 'auth0', with the Passport this returns: the app's own. */
  getPassportInstance(): AuthPassport {
    return this.passport;
  }

  /** Returns the session's user and, as passport's `info`, what else the login brought (CompletedLogin). */
  async validate(accessToken: string, _refreshToken: string | undefined, tokens: TokenSet): Promise<[SessionUser, CompletedLogin]> {
    if (tokens.id_token === undefined) throw new LoginFailedException('id-token-rejected', 'no id_token');
    let claims: IdTokenClaims;
    try {
      claims = await this.idToken.verify(tokens.id_token);
    } catch (error) {
      if (error instanceof IdpCallError) throw LoginFailedException.fromIdpCall(error);
      throw new LoginFailedException('id-token-rejected', error instanceof Error ? error.message : String(error));
    }
    // Auth0 puts the profile claims the scope asked for in the ID token itself.
    const login: CompletedLogin = {
      idTokenClaims: claims,
      idToken: this.config.auth0.logout.idTokenHint ? tokens.id_token : undefined,
      keptTokens: this.config.auth0.keepsTokens ? tokens : undefined,
    };
    if (!this.config.auth0.fetchUserInfo) return [toSessionUser(claims, claims), login];
    const profile = await fetchUserInfo(this.http, this.config.auth0.userInfoUrl, accessToken);
    if (profile.sub !== claims.sub) {
      throw new LoginFailedException('userinfo-subject-mismatch', 'userinfo sub differs from the ID token sub');
    }
    return [toSessionUser(profile, claims), login];
  }
}
