import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { type SessionData, Store } from 'express-session';
import { indexedLoginOf, type LoginSessionMatch } from './login-session-index.js';
import { migrateLoginIndex, prepareLoginIndexStatements } from './sqlite-login-index.js';

const PRUNE_BATCH_SIZE = 500;
// How long a failed open is remembered before the next request tries again.
const REOPEN_DELAY_MS = 1000;

type Callback<T = void> = (error?: unknown, value?: T) => void;

interface SqliteSessionStoreOptions {
  path: string;
  /** Used when a session has no cookie expiry. */
  defaultTtlSeconds: number;
  /** A touch that moves the expiry by less than this is skipped (saves a write per request). */
  touchThresholdSeconds: number;
  pruneIntervalSeconds?: number;
}

type Statements = ReturnType<typeof prepareStatements>;

interface OpenDatabase {
  db: Database.Database;
  statements: Statements;
}

function openDatabase(path: string): OpenDatabase {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  // better-sqlite3 waits for a lock synchronously, stalling every request: fail fast instead.
  // Only another process writing the same file contends, and that is not a supported setup.
  const db = new Database(path, { timeout: 500 });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec(
      `CREATE TABLE IF NOT EXISTS sessions (
         sid TEXT PRIMARY KEY NOT NULL,
         data TEXT NOT NULL,
         expires INTEGER NOT NULL
       ) WITHOUT ROWID;
       CREATE INDEX IF NOT EXISTS sessions_expires ON sessions (expires);`,
    );
    migrateLoginIndex(db);
    return { db, statements: prepareStatements(db) };
  } catch (error) {
    db.close();
    throw error;
  }
}

function prepareStatements(db: Database.Database) {
  return {
    get: db.prepare<[string], { data: string; expires: number }>('SELECT data, expires FROM sessions WHERE sid = ?'),
    set: db.prepare<[string, string, number, string | null, string | null]>(
      'INSERT INTO sessions (sid, data, expires, subject, idp_sid) VALUES (?, ?, ?, ?, ?) ' +
        'ON CONFLICT (sid) DO UPDATE SET data = excluded.data, expires = excluded.expires, subject = excluded.subject, idp_sid = excluded.idp_sid',
    ),
    touch: db.prepare<[number, string, number]>('UPDATE sessions SET expires = ? WHERE sid = ? AND expires < ?'),
    destroy: db.prepare<[string]>('DELETE FROM sessions WHERE sid = ?'),
    prune: db.prepare<[number, number]>('DELETE FROM sessions WHERE sid IN (SELECT sid FROM sessions WHERE expires <= ? LIMIT ?)'),
    count: db.prepare<[number], { count: number }>('SELECT COUNT(*) AS count FROM sessions WHERE expires > ?'),
    clear: db.prepare('DELETE FROM sessions'),
    ...prepareLoginIndexStatements(db),
  };
}

/**
 * express-session store on better-sqlite3. The maintained SQLite stores either sit on the
 * `sqlite3` binding (no prebuilt binary here) or have been unmaintained for years, so this is
 * a thin adapter: one table, prepared statements, WAL journal so readers never wait for the
 * writer, expired rows deleted on read and pruned on a timer. A file that cannot be opened
 * (missing folder permissions, full disk) does not stop the app: every operation fails, so
 * requests get a 503 and /healthz reports it, and the next operation after a short pause tries
 * to open it again.
 */
export class SqliteSessionStore extends Store {
  private database: OpenDatabase | undefined;
  private openFailure: { error: unknown; retryAt: number } | undefined;
  private closed = false;
  private readonly pruneTimer: NodeJS.Timeout;

  constructor(private readonly options: SqliteSessionStoreOptions) {
    super();
    try {
      this.open();
    } catch {
      // Reported by the first request and by /healthz; see the class comment.
    }
    this.pruneTimer = setInterval(() => void this.pruneExpired(), (options.pruneIntervalSeconds ?? 300) * 1000);
    this.pruneTimer.unref();
  }

  /** An expired session is deleted when it is asked for, not only at the next prune (ASVS 5.0 7.3.1). */
  override get(sid: string, callback: Callback<SessionData | null>): void {
    this.run(callback, ({ statements }) => {
      const row = statements.get.get(sid);
      if (row === undefined) return null;
      if (row.expires <= Date.now()) {
        statements.destroy.run(sid);
        return null;
      }
      return JSON.parse(row.data) as SessionData;
    });
  }

  override set(sid: string, session: SessionData, callback?: Callback): void {
    const { subject, idpSessionId } = indexedLoginOf(session);
    this.run(callback, ({ statements }) => {
      statements.set.run(sid, JSON.stringify(session), this.expiryOf(session), subject ?? null, idpSessionId ?? null);
    });
  }

  override touch(sid: string, session: SessionData, callback?: Callback): void {
    this.run(callback, ({ statements }) => {
      const expires = this.expiryOf(session);
      statements.touch.run(expires, sid, expires - this.options.touchThresholdSeconds * 1000);
    });
  }

  override destroy(sid: string, callback?: Callback): void {
    this.run(callback, ({ statements }) => {
      statements.destroy.run(sid);
    });
  }

  override length(callback: Callback<number>): void {
    this.run(callback, ({ statements }) => statements.count.get(Date.now())?.count ?? 0);
  }

  override clear(callback?: Callback): void {
    this.run(callback, ({ statements }) => {
      statements.clear.run();
    });
  }

  /** Deletes the sessions a back-channel logout names (see `endsLogin`); returns how many went. */
  endLoginSessions(match: LoginSessionMatch): number {
    const { statements } = this.open();
    if (match.sid !== undefined) return statements.endBySid.run(match.sid, match.sub ?? null).changes;
    return match.sub === undefined ? 0 : statements.endBySubject.run(match.sub).changes;
  }

  /** True the first time `key` is seen within `ttlSeconds`: one INSERT decides, so two requests cannot both win. */
  rememberOnce(key: string, ttlSeconds: number): boolean {
    const { statements } = this.open();
    const now = Date.now();
    statements.forgetExpiredKey.run(key, now);
    return statements.rememberKey.run(key, now + ttlSeconds * 1000).changes === 1;
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
        const { statements } = this.open();
        // Seen keys live minutes, not days: one statement clears them.
        if (removed === 0) statements.pruneKeys.run(Date.now());
        batch = statements.prune.run(Date.now(), PRUNE_BATCH_SIZE).changes;
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
    const { db } = this.open();
    // A read-only or vanished file only fails on write: check that the database accepts one.
    db.exec('BEGIN IMMEDIATE; ROLLBACK;');
  }

  close(): void {
    this.closed = true;
    clearInterval(this.pruneTimer);
    if (this.database === undefined) return;
    this.database.db.pragma('wal_checkpoint(TRUNCATE)');
    this.database.db.close();
    this.database = undefined;
  }

  /** The open database, opening it if needed; throws while it cannot be opened. */
  private open(): OpenDatabase {
    if (this.database !== undefined) return this.database;
    if (this.closed) throw new Error('the SQLite session store is closed');
    if (this.openFailure !== undefined && Date.now() < this.openFailure.retryAt) throw this.openFailure.error;
    try {
      this.database = openDatabase(this.options.path);
      this.openFailure = undefined;
      return this.database;
    } catch (error) {
      this.openFailure = { error, retryAt: Date.now() + REOPEN_DELAY_MS };
      throw error;
    }
  }

  private expiryOf(session: SessionData): number {
    const expires = session.cookie?.expires;
    return expires ? new Date(expires).getTime() : Date.now() + this.options.defaultTtlSeconds * 1000;
  }

  private run<T>(callback: Callback<T> | undefined, operation: (database: OpenDatabase) => T): void {
    let result: T;
    try {
      result = operation(this.open());
    } catch (error) {
      callback?.(error);
      return;
    }
    callback?.(undefined, result);
  }
}
