import { setImmediate } from 'node:timers/promises';
import type Database from 'better-sqlite3';
import { type SessionData, Store } from 'express-session';
import type { SqliteStorage } from '../storage/storage.js';
import { expiryOf, TouchThrottle } from './session-expiry.js';

const PRUNE_BATCH_SIZE = 500;
const PRUNE_INTERVAL_MS = 5 * 60_000;

type Callback<T = void> = (error?: unknown, value?: T) => void;

interface SqliteSessionStoreOptions {
  /** Used when a session has no cookie expiry. */
  defaultTtlSeconds: number;
  /** A touch that moves the expiry by less than this is skipped (TouchThrottle: no write per request). */
  touchThresholdSeconds: number;
}

function prepareSessionStatements(db: Database.Database) {
  db.exec(
    `CREATE TABLE IF NOT EXISTS sessions (
       sid TEXT PRIMARY KEY NOT NULL,
       data TEXT NOT NULL,
       expires INTEGER NOT NULL
     ) WITHOUT ROWID;
     CREATE INDEX IF NOT EXISTS sessions_expires ON sessions (expires);`,
  );
  return {
    get: db.prepare<[string], { data: string; expires: number }>('SELECT data, expires FROM sessions WHERE sid = ?'),
    set: db.prepare<[string, string, number]>(
      'INSERT INTO sessions (sid, data, expires) VALUES (?, ?, ?) ON CONFLICT (sid) DO UPDATE SET data = excluded.data, expires = excluded.expires',
    ),
    touch: db.prepare<[number, string, number]>('UPDATE sessions SET expires = ? WHERE sid = ? AND expires < ?'),
    destroy: db.prepare<[string]>('DELETE FROM sessions WHERE sid = ?'),
    prune: db.prepare<[number, number]>('DELETE FROM sessions WHERE sid IN (SELECT sid FROM sessions WHERE expires <= ? LIMIT ?)'),
    count: db.prepare<[number], { count: number }>('SELECT COUNT(*) AS count FROM sessions WHERE expires > ?'),
    clear: db.prepare('DELETE FROM sessions'),
  };
}

/**
 * express-session store on the app's SQLite file. The maintained SQLite stores either sit on the
 * `sqlite3` binding (no prebuilt binary here) or have been unmaintained for years, so this is a
 * thin adapter: one table, prepared statements, expired rows deleted on read and pruned on a timer.
 */
export class SqliteSessionStore extends Store {
  private readonly statements: () => ReturnType<typeof prepareSessionStatements>;
  private readonly throttle: TouchThrottle;

  constructor(
    storage: SqliteStorage,
    private readonly options: SqliteSessionStoreOptions,
  ) {
    super();
    this.statements = storage.statements(prepareSessionStatements);
    this.throttle = new TouchThrottle(options.touchThresholdSeconds * 1000);
    storage.repeat(() => this.pruneExpired(), PRUNE_INTERVAL_MS);
  }

  /** An expired session is deleted when it is asked for, not only at the next prune (ASVS 5.0 7.3.1). */
  override get(sid: string, callback: Callback<SessionData | null>): void {
    this.run(callback, (statements) => {
      const row = statements.get.get(sid);
      if (row === undefined) return null;
      if (row.expires <= Date.now()) {
        statements.destroy.run(sid);
        return null;
      }
      this.throttle.remember(sid, row.expires);
      return JSON.parse(row.data) as SessionData;
    });
  }

  override set(sid: string, session: SessionData, callback?: Callback): void {
    const expires = this.expiryOf(session);
    this.run(callback, (statements) => {
      statements.set.run(sid, JSON.stringify(session), expires);
      this.throttle.remember(sid, expires);
    });
  }

  override touch(sid: string, session: SessionData, callback?: Callback): void {
    const expires = this.expiryOf(session);
    if (!this.throttle.needsTouch(sid, expires)) {
      callback?.();
      return;
    }
    this.run(callback, (statements) => {
      // Only a row that moved is remembered: the guard in SQL already holds what another write left there.
      if (statements.touch.run(expires, sid, expires - this.options.touchThresholdSeconds * 1000).changes === 1)
        this.throttle.remember(sid, expires);
    });
  }

  override destroy(sid: string, callback?: Callback): void {
    this.throttle.forget(sid);
    this.run(callback, (statements) => {
      statements.destroy.run(sid);
    });
  }

  override length(callback: Callback<number>): void {
    this.run(callback, (statements) => statements.count.get(Date.now())?.count ?? 0);
  }

  override clear(callback?: Callback): void {
    this.run(callback, (statements) => {
      statements.clear.run();
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
        batch = this.statements().prune.run(Date.now(), PRUNE_BATCH_SIZE).changes;
      } catch {
        // An unwritable or closed file shows up on requests and on /healthz; the timer must not throw.
        return removed;
      }
      removed += batch;
      if (batch < PRUNE_BATCH_SIZE) return removed;
      await setImmediate();
    }
  }

  private expiryOf(session: SessionData): number {
    return expiryOf(session, this.options.defaultTtlSeconds);
  }

  private run<T>(callback: Callback<T> | undefined, operation: (statements: ReturnType<typeof prepareSessionStatements>) => T): void {
    let result: T;
    try {
      result = operation(this.statements());
    } catch (error) {
      callback?.(error);
      return;
    }
    callback?.(undefined, result);
  }
}
