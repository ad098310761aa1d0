import { afterAll } from 'vitest';
import { createSqliteStorage } from '../../src/storage/sqlite-storage.js';
import type { Storage } from '../../src/storage/storage.js';
import { tempSqlitePath } from './environment.js';
import { redisStorageOf, sharedRedisClient } from './redis.js';

export type StorageKind = Storage['kind'];

/** The three storages by name as test titles use them; the SQLite one says so, for the Node 24 run that has no SQLite addon. */
export const STORAGE_KINDS: ReadonlyArray<[title: string, kind: StorageKind]> = [
  ['SQLite (a real file)', 'sqlite'],
  ['Redis (the shared one at 127.0.0.1:6379)', 'redis'],
  ['memory', 'memory'],
];

/**
 * The storage of `kind` for the calling suite (call it inside `describe`): a new SQLite file, the
 * shared Redis with every key under `keyPrefix` (deleted after the suite), or memory. Closed after the suite.
 */
export function storageForSuite(kind: StorageKind, keyPrefix: string): () => Storage {
  switch (kind) {
    case 'sqlite': {
      const storage = createSqliteStorage(tempSqlitePath());
      afterAll(() => storage.close());
      return () => storage;
    }
    case 'redis': {
      const client = sharedRedisClient(keyPrefix);
      return () => redisStorageOf(client, keyPrefix);
    }
    case 'memory':
      return () => ({ kind: 'memory', ping: () => Promise.resolve(), close: () => Promise.resolve() });
  }
}
