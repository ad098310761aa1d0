import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Database } from './sqlite-driver.js';

/**
 * Opens (creating it and its folder) a SQLite file for one process: WAL, so that readers never
 * wait for the writer; synchronous=NORMAL, which WAL makes safe against corruption. better-sqlite3
 * waits for a lock synchronously, stalling every request, so it fails fast instead: only another
 * process writing the same file contends, and that is not a supported setup.
 */
export function openSqliteFile(path: string): Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { timeout: 500 });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Writes the WAL back into the file and closes it: the file alone is then the whole database. */
export function closeSqliteFile(db: Database): void {
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}
