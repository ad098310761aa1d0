import type { Provider } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { STORAGE, type Storage } from '../storage/storage.js';
import { BACKCHANNEL_STORE, type BackchannelStore } from './backchannel-store.js';
import { createMemoryBackchannelStore } from './memory-backchannel.store.js';
import { createRedisBackchannelStore } from './redis-backchannel.store.js';
import { createSqliteBackchannelStore } from './sqlite-backchannel.store.js';

/** The back-channel logout store on the configured storage; no entry outlives its session's absolute timeout. */
export const backchannelStoreProvider: Provider = {
  provide: BACKCHANNEL_STORE,
  inject: [APP_CONFIG, STORAGE],
  useFactory: ({ session }: AppConfig, storage: Storage): BackchannelStore => {
    switch (storage.kind) {
      case 'sqlite':
        return createSqliteBackchannelStore(storage, session.absoluteTimeoutSeconds);
      case 'redis':
        return createRedisBackchannelStore(storage, session.absoluteTimeoutSeconds);
      case 'memory':
        return createMemoryBackchannelStore();
    }
  },
};
