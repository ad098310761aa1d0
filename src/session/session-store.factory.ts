import { Logger } from '@nestjs/common';
import { MemoryStore } from 'express-session';
import type { SessionConfig } from '../config/app-config.js';
import { memoryLoginIndex } from './memory-login-index.js';
import type { SessionStoreHandle } from './session-store.js';
import { touchIntervalSeconds } from './touch-interval.js';

const logger = new Logger('SessionStore');

/** Each engine is imported only when configured: a SQLite deployment never loads the Redis client, nor the reverse. */
export async function createSessionStore(config: SessionConfig): Promise<SessionStoreHandle> {
  switch (config.store) {
    case 'redis': {
      const { createRedisSessionStore } = await import('./redis-session.store.js');
      return createRedisSessionStore(config, touchIntervalSeconds(config), {
        down: (error) => logger.error(`Redis is unreachable (${error.message}): retrying; requests that need a session answer 503 meanwhile`),
        up: () => logger.log('Redis connection ready'),
      });
    }
    case 'memory':
      return memoryStoreHandle();
    case 'sqlite':
      return sqliteStoreHandle(config);
  }
}

async function sqliteStoreHandle(config: SessionConfig): Promise<SessionStoreHandle> {
  const { SqliteSessionStore } = await import('./sqlite-session.store.js');
  const store = new SqliteSessionStore({
    path: config.sqlitePath,
    defaultTtlSeconds: config.idleTimeoutSeconds,
    touchThresholdSeconds: touchIntervalSeconds(config),
  });
  return {
    kind: 'sqlite',
    store,
    // better-sqlite3 answers synchronously; the executor turns a throw into the rejection the handle promises.
    ping: () => new Promise<void>((resolve) => resolve(store.ping())),
    close: () => new Promise<void>((resolve) => resolve(store.close())),
    endLoginSessions: (match) => new Promise<number>((resolve) => resolve(store.endLoginSessions(match))),
    rememberOnce: (key, ttlSeconds) => new Promise<boolean>((resolve) => resolve(store.rememberOnce(key, ttlSeconds))),
  };
}

// express-session's MemoryStore: one process, lost on restart. Refused in production by config.
function memoryStoreHandle(): SessionStoreHandle {
  const store = new MemoryStore();
  return {
    kind: 'memory',
    store,
    ping: () => Promise.resolve(),
    close: () => Promise.resolve(),
    ...memoryLoginIndex(store),
  };
}
