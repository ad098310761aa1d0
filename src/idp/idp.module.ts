import { Module } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { IdpHttpClient } from './idp-http.client.js';
import { IdpKeySet } from './idp-key-set.js';

// Token, profile, key set and logout answers are small; anything bigger is hostile (ASVS 5.0 16.5.2).
const MAX_IDP_RESPONSE_BYTES = 256 * 1024;

/** One HTTP client (kept-alive sockets, timeouts, size cap) and one cached key set for every IdP call. */
@Module({
  providers: [
    {
      provide: IdpHttpClient,
      inject: [APP_CONFIG],
      useFactory: ({ auth0 }: AppConfig) => new IdpHttpClient({ timeoutMs: auth0.httpTimeoutMs, maxResponseBytes: MAX_IDP_RESPONSE_BYTES }),
    },
    {
      provide: IdpKeySet,
      inject: [APP_CONFIG, IdpHttpClient],
      useFactory: ({ auth0 }: AppConfig, http: IdpHttpClient) => new IdpKeySet(auth0.jwksUrl, http),
    },
  ],
  exports: [IdpHttpClient, IdpKeySet],
})
export class IdpModule {}
