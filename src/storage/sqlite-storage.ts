import type { Database } from './sqlite-driver.js';
import { closeSqliteFile, openSqliteFile } from './sqlite-file.js';
import { settled, type SqliteStorage } from './storage.js';

// How long a failed open is remembered before the next operation tries again.
const REOPEN_DELAY_MS = 1000;

/**
 * The SQLite file of SESSION_SQLITE_PATH. A file that cannot be opened (missing folder
 * permissions, a full disk) does not stop the app: every operation throws, so requests get a 503
 * and /healthz reports it, and the first operation after a short pause tries to open it again.
 */
export function createSqliteStorage(path: string): SqliteStorage {
  let database: Database | undefined;
  let openFailure: { error: unknown; retryAt: number } | undefined;
  let closed = false;
  // Each feature's statements, for the database they were prepared on.
  const prepared = new Map<(db: Database) => unknown, { db: Database; statements: unknown }>();
  const timers: NodeJS.Timeout[] = [];

  const open = (): Database => {
    if (database !== undefined) return database;
    if (closed) throw new Error('the SQLite store is closed');
    if (openFailure !== undefined && Date.now() < openFailure.retryAt) throw openFailure.error;
    try {
      database = openSqliteFile(path);
      openFailure = undefined;
      return database;
    } catch (error) {
      openFailure = { error, retryAt: Date.now() + REOPEN_DELAY_MS };
      throw error;
    }
  };

  return {
    kind: 'sqlite',
    statements<T>(prepare: (db: Database) => T): () => T {
      return () => {
        const db = open();
        const cached = prepared.get(prepare);
        if (cached?.db === db) return cached.statements as T;
        const statements = prepare(db);
        prepared.set(prepare, { db, statements });
        return statements;
      };
    },
    repeat(task, intervalMs) {
      const timer = setInterval(() => void settled(task).catch(() => undefined), intervalMs);
      timer.unref();
      timers.push(timer);
    },
    // A read-only or vanished file only fails on write: check that the database accepts one.
    ping: () => settled(() => void open().exec('BEGIN IMMEDIATE; ROLLBACK;')),
    close: () =>
      settled(() => {
        closed = true;
        for (const timer of timers) clearInterval(timer);
        if (database !== undefined) closeSqliteFile(database);
        database = undefined;
      }),
  };
}
