import { Logger } from '@nestjs/common';
import { MemoryStore } from 'express-session';
import type { SessionConfig } from '../config/app-config.js';
import { createRedisSessionStore } from './redis-session.store.js';
import type { SessionStoreHandle } from './session-store.js';

const logger = new Logger('SessionStore');

/**
 * A rolling session's expiry is only pushed back once it has moved by this much: at most one
 * store write per session per minute instead of one per request, for a tenth of the idle time
 * (or a minute) of precision on the idle timeout.
 */
function touchThresholdSeconds(config: SessionConfig): number {
  return Math.min(60, Math.floor(config.idleTimeoutSeconds / 10));
}

export async function createSessionStore(config: SessionConfig): Promise<SessionStoreHandle> {
  switch (config.store) {
    case 'redis':
      return createRedisSessionStore(config, touchThresholdSeconds(config), {
        down: (error) => logger.error(`Redis is unreachable (${error.message}): retrying; requests that need a session answer 503 meanwhile`),
        up: () => logger.log('Redis connection ready'),
      });
    case 'memory':
      return memoryStoreHandle();
    case 'sqlite':
      return sqliteStoreHandle(config);
  }
}

// Imported only when chosen: better-sqlite3 is a native addon that a Redis or memory store never needs.
async function sqliteStoreHandle(config: SessionConfig): Promise<SessionStoreHandle> {
  const { SqliteSessionStore } = await import('./sqlite-session.store.js');
  const store = new SqliteSessionStore({
    path: config.sqlitePath,
    defaultTtlSeconds: config.idleTimeoutSeconds,
    touchThresholdSeconds: touchThresholdSeconds(config),
  });
  return {
    kind: 'sqlite',
    store,
    ping: async () => store.ping(),
    close: async () => store.close(),
  };
}

// express-session's MemoryStore: one process, lost on restart. Refused in production by config.
function memoryStoreHandle(): SessionStoreHandle {
  return {
    kind: 'memory',
    store: new MemoryStore(),
    ping: async () => undefined,
    close: async () => undefined,
  };
}
