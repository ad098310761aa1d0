import type { Provider } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { STORAGE, type Storage } from '../storage/storage.js';
import { createMemoryTokenStore } from './memory-token.store.js';
import { createRedisLocks, type RefreshLocks } from './refresh-lock.js';
import { createRedisTokenStore } from './redis-token.store.js';
import { createSqliteTokenStore } from './sqlite-token.store.js';
import { TOKEN_STORE, type TokenStore } from './token-store.js';

/** Set when several instances share the storage (Redis): the lock that keeps a refresh single across them. */
export const REFRESH_LOCKS = Symbol('REFRESH_LOCKS');

/** The token store on the configured storage; no token outlives its session's absolute timeout. */
export const tokenStoreProvider: Provider = {
  provide: TOKEN_STORE,
  inject: [APP_CONFIG, STORAGE],
  useFactory: ({ session }: AppConfig, storage: Storage): TokenStore => {
    switch (storage.kind) {
      case 'sqlite':
        return createSqliteTokenStore(storage, session.absoluteTimeoutSeconds);
      case 'redis':
        return createRedisTokenStore(storage, session.absoluteTimeoutSeconds);
      case 'memory':
        return createMemoryTokenStore(session.absoluteTimeoutSeconds);
    }
  },
};

export const refreshLocksProvider: Provider = {
  provide: REFRESH_LOCKS,
  inject: [STORAGE],
  useFactory: (storage: Storage): RefreshLocks | null => (storage.kind === 'redis' ? createRedisLocks(storage) : null),
};
