import type { Provider } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { AccessTokenVerifier } from '../idp/access-token-verifier.js';
import { IdpKeySet } from '../idp/idp-key-set.js';

export const ACCESS_TOKEN_VERIFIER = Symbol('ACCESS_TOKEN_VERIFIER');

/** Access tokens are only verified for the configured API; without AUTH0_AUDIENCE there is none (null). */
export const accessTokenVerifierProvider: Provider = {
  provide: ACCESS_TOKEN_VERIFIER,
  inject: [APP_CONFIG, IdpKeySet],
  useFactory: ({ auth0 }: AppConfig, keys: IdpKeySet): AccessTokenVerifier | null =>
    auth0.audience === undefined ? null : new AccessTokenVerifier({ issuer: auth0.issuer, audience: auth0.audience, algorithm: 'RS256' }, keys),
};
