import type { Database } from '../storage/sqlite-driver.js';
import { settled, type SqliteStorage } from '../storage/storage.js';
import type { ApiTokens } from './api-tokens.js';
import type { TokenStore } from './token-store.js';

const PRUNE_INTERVAL_MS = 5 * 60_000;

function prepareTokenStatements(db: Database) {
  db.exec(
    `CREATE TABLE IF NOT EXISTS api_tokens (
       session_id TEXT PRIMARY KEY NOT NULL,
       tokens TEXT NOT NULL,
       expires INTEGER NOT NULL
     ) WITHOUT ROWID;
     CREATE INDEX IF NOT EXISTS api_tokens_expires ON api_tokens (expires);`,
  );
  return {
    get: db.prepare<[string, number], { tokens: string }>('SELECT tokens FROM api_tokens WHERE session_id = ? AND expires > ?'),
    put: db.prepare<[string, string, number]>(
      'INSERT INTO api_tokens (session_id, tokens, expires) VALUES (?, ?, ?) ON CONFLICT (session_id) DO UPDATE SET tokens = excluded.tokens, expires = excluded.expires',
    ),
    replace: db.prepare<[string, string, number]>('UPDATE api_tokens SET tokens = ? WHERE session_id = ? AND expires > ?'),
    take: db.prepare<[string], { tokens: string; expires: number }>('DELETE FROM api_tokens WHERE session_id = ? RETURNING tokens, expires'),
    prune: db.prepare<[number]>('DELETE FROM api_tokens WHERE expires <= ?'),
  };
}

/** A table of the sessions' SQLite file; rows past their session's longest life are pruned every few minutes. */
export function createSqliteTokenStore(storage: SqliteStorage, ttlSeconds: number): TokenStore {
  const statements = storage.statements(prepareTokenStatements);
  storage.repeat(() => statements().prune.run(Date.now()), PRUNE_INTERVAL_MS);
  return {
    get: (sessionId) =>
      settled(() => {
        const row = statements().get.get(sessionId, Date.now());
        return row === undefined ? undefined : (JSON.parse(row.tokens) as ApiTokens);
      }),
    put: (sessionId, tokens) => settled(() => void statements().put.run(sessionId, JSON.stringify(tokens), Date.now() + ttlSeconds * 1000)),
    replace: (sessionId, tokens) => settled(() => statements().replace.run(JSON.stringify(tokens), sessionId, Date.now()).changes === 1),
    take: (sessionId) =>
      settled(() => {
        const row = statements().take.get(sessionId);
        return row === undefined || row.expires <= Date.now() ? undefined : (JSON.parse(row.tokens) as ApiTokens);
      }),
  };
}
