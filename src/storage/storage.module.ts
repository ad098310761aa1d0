import { Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { STORAGE, type Storage } from './storage.js';

const logger = new Logger('Storage');

/** Each engine is imported only when configured: a SQLite deployment never loads the Redis client, nor the reverse. */
async function createStorage({ session }: AppConfig): Promise<Storage> {
  switch (session.store) {
    case 'redis': {
      const { createRedisStorage } = await import('./redis-storage.js');
      return createRedisStorage(session.redisUrl as string, {
        down: (error) => logger.error(`Redis is unreachable (${error.message}): retrying; requests that need a session answer 503 meanwhile`),
        up: () => logger.log('Redis connection ready'),
      });
    }
    case 'sqlite': {
      const { createSqliteStorage } = await import('./sqlite-storage.js');
      return createSqliteStorage(session.sqlitePath);
    }
    case 'memory':
      return { kind: 'memory', ping: () => Promise.resolve(), close: () => Promise.resolve() };
  }
}

/** The store of SESSION_STORE, for the sessions and the features that keep data beside them; closed at shutdown. */
@Module({
  providers: [{ provide: STORAGE, inject: [APP_CONFIG], useFactory: createStorage }],
  exports: [STORAGE],
})
export class StorageModule implements OnApplicationShutdown {
  constructor(@Inject(STORAGE) private readonly storage: Storage) {}

  async onApplicationShutdown(): Promise<void> {
    await this.storage.close();
  }
}
