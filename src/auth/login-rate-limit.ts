import type { DynamicModule } from '@nestjs/common';
import { ThrottlerModule, type ThrottlerModuleOptions } from '@nestjs/throttler';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { rateLimitStorageFor } from '../rate-limit/rate-limit-storage.js';
import { STORAGE, type Storage } from '../storage/storage.js';
import { StorageModule } from '../storage/storage.module.js';

const WINDOW_MS = 60_000;

/**
 * LOGIN_RATE_LIMIT requests per minute per client IP on /login and /callback, the routes that
 * start work at the IdP (anti-automation, ASVS 4.0.3 2.2.1). The IP is Express's `req.ip`, so
 * behind a proxy it follows TRUST_PROXY. The counters are shared by every instance on Redis, in
 * this process's memory otherwise (rate-limit/). `0` turns it off.
 */
export function loginRateLimitModule(): DynamicModule {
  return ThrottlerModule.forRootAsync({
    imports: [StorageModule],
    inject: [APP_CONFIG, STORAGE],
    useFactory: ({ loginRateLimitPerMinute }: AppConfig, storage: Storage): ThrottlerModuleOptions => ({
      throttlers: [{ ttl: WINDOW_MS, limit: loginRateLimitPerMinute }],
      skipIf: () => loginRateLimitPerMinute === 0,
      storage: rateLimitStorageFor(storage),
    }),
  });
}
