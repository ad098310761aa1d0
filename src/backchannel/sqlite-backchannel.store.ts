import type { Database } from '../storage/sqlite-driver.js';
import { settled, type SqliteStorage } from '../storage/storage.js';
import type { BackchannelStore } from './backchannel-store.js';

const PRUNE_INTERVAL_MS = 5 * 60_000;

function prepareBackchannelStatements(db: Database) {
  db.exec(
    `CREATE TABLE IF NOT EXISTS login_sessions (
       session_id TEXT PRIMARY KEY NOT NULL,
       sub TEXT NOT NULL,
       sid TEXT,
       expires INTEGER NOT NULL
     ) WITHOUT ROWID;
     CREATE INDEX IF NOT EXISTS login_sessions_sub ON login_sessions (sub);
     CREATE INDEX IF NOT EXISTS login_sessions_sid ON login_sessions (sid);
     CREATE INDEX IF NOT EXISTS login_sessions_expires ON login_sessions (expires);
     CREATE TABLE IF NOT EXISTS seen_keys (
       key TEXT PRIMARY KEY NOT NULL,
       expires INTEGER NOT NULL
     ) WITHOUT ROWID;`,
  );
  return {
    add: db.prepare<[string, string, string | null, number]>(
      'INSERT INTO login_sessions (session_id, sub, sid, expires) VALUES (?, ?, ?, ?) ON CONFLICT (session_id) DO UPDATE SET sub = excluded.sub, sid = excluded.sid, expires = excluded.expires',
    ),
    bySid: db.prepare<[string, number], { session_id: string }>('SELECT session_id FROM login_sessions WHERE sid = ? AND expires > ?'),
    bySub: db.prepare<[string, number], { session_id: string }>('SELECT session_id FROM login_sessions WHERE sub = ? AND expires > ?'),
    remove: db.prepare<[string]>('DELETE FROM login_sessions WHERE session_id = ?'),
    forgetExpiredKey: db.prepare<[string, number]>('DELETE FROM seen_keys WHERE key = ? AND expires <= ?'),
    rememberKey: db.prepare<[string, number]>('INSERT OR IGNORE INTO seen_keys (key, expires) VALUES (?, ?)'),
    pruneLogins: db.prepare<[number]>('DELETE FROM login_sessions WHERE expires <= ?'),
    pruneKeys: db.prepare<[number]>('DELETE FROM seen_keys WHERE expires <= ?'),
  };
}

/** Two tables of the sessions' SQLite file: the sessions by user and by IdP login (indexed), and the logout tokens seen. */
export function createSqliteBackchannelStore(storage: SqliteStorage, sessionTtlSeconds: number): BackchannelStore {
  const statements = storage.statements(prepareBackchannelStatements);
  storage.repeat(() => {
    const now = Date.now();
    statements().pruneLogins.run(now);
    statements().pruneKeys.run(now);
  }, PRUNE_INTERVAL_MS);
  return {
    addSession: (sessionId, { sub, sid }) =>
      settled(() => void statements().add.run(sessionId, sub, sid ?? null, Date.now() + sessionTtlSeconds * 1000)),
    sessionsOf: ({ sub, sid }) =>
      settled(() => {
        const now = Date.now();
        if (sid !== undefined)
          return statements()
            .bySid.all(sid, now)
            .map((row) => row.session_id);
        return sub === undefined
          ? []
          : statements()
              .bySub.all(sub, now)
              .map((row) => row.session_id);
      }),
    removeSession: (sessionId) => settled(() => void statements().remove.run(sessionId)),
    // One INSERT decides, so two requests with the same key cannot both win.
    firstUse: (key, ttlSeconds) =>
      settled(() => {
        const now = Date.now();
        statements().forgetExpiredKey.run(key, now);
        return statements().rememberKey.run(key, now + ttlSeconds * 1000).changes === 1;
      }),
  };
}
