import Database from 'better-sqlite3';
import type { SessionData } from 'express-session';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteSessionStore } from '../../../src/session/sqlite-session.store.js';
import { tempSqlitePath } from '../../support/app.js';

function loggedIn(subject: string, idpSessionId?: string): SessionData {
  return { cookie: { originalMaxAge: 60_000, expires: new Date(Date.now() + 60_000) }, subject, idpSessionId };
}

describe('SQLite login index and replay guard (real SQLite file)', () => {
  const stores: SqliteSessionStore[] = [];
  function open(path = tempSqlitePath()): SqliteSessionStore {
    const store = new SqliteSessionStore({ path, defaultTtlSeconds: 60, touchThresholdSeconds: 60 });
    stores.push(store);
    return store;
  }
  const save = (store: SqliteSessionStore, sid: string, session: SessionData): Promise<void> =>
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- passes on the store's error unchanged
    new Promise((resolve, reject) => store.set(sid, session, (error) => (error ? reject(error) : resolve())));
  const ids = (store: SqliteSessionStore): Promise<string[]> =>
    Promise.all(
      ['a1', 'a2', 'b1'].map(
        (sid) => new Promise<string | undefined>((resolve) => store.get(sid, (_error, session) => resolve(session ? sid : undefined))),
      ),
    ).then((found) => found.filter((sid) => sid !== undefined));

  afterEach(() => {
    for (const store of stores.splice(0)) store.close();
  });

  it('SQLite: ends by sid, by sub, and by sub and sid, and reports how many went', async () => {
    const store = open();
    const seed = async (): Promise<void> => {
      await save(store, 'a1', loggedIn('alice', 's1'));
      await save(store, 'a2', loggedIn('alice', 's2'));
      await save(store, 'b1', loggedIn('bob', 's3'));
    };
    await seed();
    expect(store.endLoginSessions({ sid: 's1' })).toBe(1);
    expect(await ids(store)).toEqual(['a2', 'b1']);
    await seed();
    expect(store.endLoginSessions({ sub: 'alice' })).toBe(2);
    expect(await ids(store)).toEqual(['b1']);
    expect(store.endLoginSessions({ sub: 'nobody', sid: 'none' })).toBe(0);
    expect(store.endLoginSessions({})).toBe(0);
  });

  it('SQLite: a save keeps the index columns in step with the session (a later login of another user in the same row)', async () => {
    const store = open();
    await save(store, 'a1', loggedIn('alice', 's1'));
    await save(store, 'a1', loggedIn('bob', 's9'));
    expect(store.endLoginSessions({ sub: 'alice' })).toBe(0);
    expect(store.endLoginSessions({ sid: 's9' })).toBe(1);
  });

  it('SQLite: a file from before the index gets its columns, filled from the stored sessions', async () => {
    const path = tempSqlitePath();
    const old = new Database(path);
    old.exec('CREATE TABLE sessions (sid TEXT PRIMARY KEY NOT NULL, data TEXT NOT NULL, expires INTEGER NOT NULL) WITHOUT ROWID');
    const expires = Date.now() + 60_000;
    old.prepare('INSERT INTO sessions VALUES (?, ?, ?)').run('a1', JSON.stringify(loggedIn('alice')), expires);
    old.prepare('INSERT INTO sessions VALUES (?, ?, ?)').run('p1', JSON.stringify({ cookie: {}, loginTransactions: [] }), expires);
    old.close();

    const store = open(path);
    expect(store.endLoginSessions({ sub: 'alice', sid: 'from-auth0' })).toBe(1);
    expect(await ids(store)).toEqual([]);
  });

  it('SQLite: rememberOnce is true once per key until the key expires', async () => {
    const store = open();
    expect(store.rememberOnce('jti-1', 60)).toBe(true);
    expect(store.rememberOnce('jti-1', 60)).toBe(false);
    expect(store.rememberOnce('jti-2', 60)).toBe(true);
    expect(store.rememberOnce('short', 0.05)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(store.rememberOnce('short', 60)).toBe(true);
    await store.pruneExpired();
    expect(store.rememberOnce('jti-1', 60)).toBe(false);
  });
});
