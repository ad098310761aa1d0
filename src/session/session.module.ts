import { Module } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { STORAGE, type Storage } from '../storage/storage.js';
import { StorageModule } from '../storage/storage.module.js';
import { createSessionStore } from './session-store.factory.js';
import { Sessions } from './sessions.js';

/** Server-side sessions (express-session) on the configured storage: the cookie policy, the idle timeout, the store. */
@Module({
  imports: [StorageModule],
  providers: [
    {
      provide: Sessions,
      inject: [APP_CONFIG, STORAGE],
      useFactory: async ({ session }: AppConfig, storage: Storage) => new Sessions(storage, await createSessionStore(storage, session), session),
    },
  ],
  exports: [Sessions],
})
export class SessionModule {}
