import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { type SessionData, Store } from 'express-session';

const PRUNE_BATCH_SIZE = 500;

type Callback<T = void> = (error?: unknown, value?: T) => void;

interface SqliteSessionStoreOptions {
  path: string;
  /** Used when a session has no cookie expiry. */
  defaultTtlSeconds: number;
  /** A touch that moves the expiry by less than this is skipped (saves a write per request). */
  touchThresholdSeconds: number;
  pruneIntervalSeconds?: number;
}

/**
 * express-session store on better-sqlite3. The maintained SQLite stores either sit on the
 * `sqlite3` binding (no prebuilt binary here) or have been unmaintained for years, so this is
 * a thin adapter: one table, prepared statements, WAL journal so readers never wait for the
 * writer, expired rows ignored on read and pruned on a timer.
 */
export class SqliteSessionStore extends Store {
  private readonly db: Database.Database;
  private readonly statements;
  private readonly pruneTimer: NodeJS.Timeout;

  constructor(private readonly options: SqliteSessionStoreOptions) {
    super();
    if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
    // better-sqlite3 waits for a lock synchronously, stalling every request: fail fast instead.
    // Only another process writing the same file contends, and that is not a supported setup.
    this.db = new Database(options.path, { timeout: 500 });
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(
      `CREATE TABLE IF NOT EXISTS sessions (
         sid TEXT PRIMARY KEY NOT NULL,
         data TEXT NOT NULL,
         expires INTEGER NOT NULL
       ) WITHOUT ROWID;
       CREATE INDEX IF NOT EXISTS sessions_expires ON sessions (expires);`,
    );
    this.statements = {
      get: this.db.prepare<[string], { data: string; expires: number }>('SELECT data, expires FROM sessions WHERE sid = ?'),
      set: this.db.prepare<[string, string, number]>(
        'INSERT INTO sessions (sid, data, expires) VALUES (?, ?, ?) ON CONFLICT (sid) DO UPDATE SET data = excluded.data, expires = excluded.expires',
      ),
      touch: this.db.prepare<[number, string, number]>('UPDATE sessions SET expires = ? WHERE sid = ? AND expires < ?'),
      destroy: this.db.prepare<[string]>('DELETE FROM sessions WHERE sid = ?'),
      prune: this.db.prepare<[number, number]>(
        'DELETE FROM sessions WHERE sid IN (SELECT sid FROM sessions WHERE expires <= ? LIMIT ?)',
      ),
      count: this.db.prepare<[number], { count: number }>('SELECT COUNT(*) AS count FROM sessions WHERE expires > ?'),
      clear: this.db.prepare('DELETE FROM sessions'),
    };
    this.pruneTimer = setInterval(() => void this.pruneExpired(), (options.pruneIntervalSeconds ?? 300) * 1000);
    this.pruneTimer.unref();
  }

  /** An expired session is deleted when it is asked for, not only at the next prune (ASVS 5.0 7.3.1). */
  override get(sid: string, callback: Callback<SessionData | null>): void {
    this.run(callback, () => {
      const row = this.statements.get.get(sid);
      if (row === undefined) return null;
      if (row.expires <= Date.now()) {
        this.statements.destroy.run(sid);
        return null;
      }
      return JSON.parse(row.data) as SessionData;
    });
  }

  override set(sid: string, session: SessionData, callback?: Callback): void {
    this.run(callback, () => {
      this.statements.set.run(sid, JSON.stringify(session), this.expiryOf(session));
    });
  }

  override touch(sid: string, session: SessionData, callback?: Callback): void {
    this.run(callback, () => {
      const expires = this.expiryOf(session);
      this.statements.touch.run(expires, sid, expires - this.options.touchThresholdSeconds * 1000);
    });
  }

  override destroy(sid: string, callback?: Callback): void {
    this.run(callback, () => {
      this.statements.destroy.run(sid);
    });
  }

  override length(callback: Callback<number>): void {
    this.run(callback, () => this.statements.count.get(Date.now())?.count ?? 0);
  }

  override clear(callback?: Callback): void {
    this.run(callback, () => {
      this.statements.clear.run();
    });
  }

  /**
   * Removes expired rows in small batches, yielding to the event loop between them: better-sqlite3
   * is synchronous, and one big DELETE after a quiet week would stall every request meanwhile.
   * Resolves with how many rows went.
   */
  async pruneExpired(): Promise<number> {
    let removed = 0;
    for (;;) {
      let batch: number;
      try {
        batch = this.statements.prune.run(Date.now(), PRUNE_BATCH_SIZE).changes;
      } catch {
        // An unwritable or closed file shows up on requests and on /healthz; the timer must not throw.
        return removed;
      }
      removed += batch;
      if (batch < PRUNE_BATCH_SIZE) return removed;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  ping(): void {
    this.db.prepare('SELECT 1').get();
    // A read-only or vanished file only fails on write: check that the database accepts one.
    this.db.exec('BEGIN IMMEDIATE; ROLLBACK;');
  }

  close(): void {
    clearInterval(this.pruneTimer);
    if (!this.db.open) return;
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    this.db.close();
  }

  private expiryOf(session: SessionData): number {
    const expires = session.cookie?.expires;
    return expires ? new Date(expires).getTime() : Date.now() + this.options.defaultTtlSeconds * 1000;
  }

  private run<T>(callback: Callback<T> | undefined, operation: () => T): void {
    let result: T;
    try {
      result = operation();
    } catch (error) {
      callback?.(error);
      return;
    }
    callback?.(undefined, result);
  }
}
