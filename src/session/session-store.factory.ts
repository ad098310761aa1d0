import type { Store } from 'express-session';
import type { SessionConfig } from '../config/app-config.js';
import type { Storage } from '../storage/storage.js';
import { MemorySessionStore } from './memory-session.store.js';
import { touchIntervalSeconds } from './touch-interval.js';

/** The express-session store on the configured storage; the Redis one is imported only when Redis runs. */
export async function createSessionStore(storage: Storage, config: SessionConfig): Promise<Store> {
  switch (storage.kind) {
    case 'redis': {
      const { createRedisSessionStore } = await import('./redis-session.store.js');
      return createRedisSessionStore(storage, config, touchIntervalSeconds(config));
    }
    case 'sqlite': {
      const { SqliteSessionStore } = await import('./sqlite-session.store.js');
      return new SqliteSessionStore(storage, {
        defaultTtlSeconds: config.idleTimeoutSeconds,
        touchThresholdSeconds: touchIntervalSeconds(config),
      });
    }
    case 'memory':
      // One process, lost on restart; refused in production by the configuration.
      return new MemorySessionStore(config.idleTimeoutSeconds);
  }
}
