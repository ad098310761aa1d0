import type Database from 'better-sqlite3';

/**
 * The columns back-channel logout finds sessions by, and the table of keys seen once (logout
 * token `jti`s). A database from before these columns gets them here, filled from each row's
 * JSON, so the sessions that were already open can be ended too.
 */
export function migrateLoginIndex(db: Database.Database): void {
  const columns = db.prepare<[string], { name: string }>('SELECT name FROM pragma_table_info(?)').all('sessions');
  const migrate = db.transaction(() => {
    if (!columns.some((column) => column.name === 'subject')) {
      db.exec(
        `ALTER TABLE sessions ADD COLUMN subject TEXT;
         ALTER TABLE sessions ADD COLUMN idp_sid TEXT;
         UPDATE sessions SET subject = json_extract(data, '$.subject'), idp_sid = json_extract(data, '$.idpSessionId');`,
      );
    }
    db.exec(
      `CREATE INDEX IF NOT EXISTS sessions_subject ON sessions (subject);
       CREATE INDEX IF NOT EXISTS sessions_idp_sid ON sessions (idp_sid);
       CREATE TABLE IF NOT EXISTS seen_keys (
         key TEXT PRIMARY KEY NOT NULL,
         expires INTEGER NOT NULL
       ) WITHOUT ROWID;`,
    );
  });
  migrate.immediate();
}

/** The statements behind endLoginSessions and rememberOnce; the matching rule is `endsLogin`'s. */
export function prepareLoginIndexStatements(db: Database.Database) {
  return {
    endBySid: db.prepare<[string, string | null]>('DELETE FROM sessions WHERE idp_sid = ? OR (idp_sid IS NULL AND subject = ?)'),
    endBySubject: db.prepare<[string]>('DELETE FROM sessions WHERE subject = ?'),
    forgetExpiredKey: db.prepare<[string, number]>('DELETE FROM seen_keys WHERE key = ? AND expires <= ?'),
    rememberKey: db.prepare<[string, number]>('INSERT OR IGNORE INTO seen_keys (key, expires) VALUES (?, ?)'),
    pruneKeys: db.prepare<[number]>('DELETE FROM seen_keys WHERE expires <= ?'),
  };
}
