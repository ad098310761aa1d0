import type { SessionData } from 'express-session';
import { afterEach, describe, expect, it } from 'vitest';
import { markNewSession } from '../../../src/session/new-sessions.js';
import { SqliteSessionStore } from '../../../src/session/sqlite-session.store.js';
import { Database } from '../../../src/storage/sqlite-driver.js';
import { createSqliteStorage } from '../../../src/storage/sqlite-storage.js';
import type { SqliteStorage } from '../../../src/storage/storage.js';
import { tempSqlitePath } from '../../support/app.js';

/** A session as express-session generates it for a request: the store inserts it (new-sessions.ts). */
function sessionExpiringIn(ms: number, extra: Record<string, unknown> = {}): SessionData {
  const session = { cookie: { originalMaxAge: ms, expires: new Date(Date.now() + ms) }, ...extra };
  markNewSession(session);
  return session;
}

describe('SqliteSessionStore (real SQLite file)', () => {
  const storages: SqliteStorage[] = [];
  function open(path = tempSqlitePath(), touchThresholdSeconds = 60): { store: SqliteSessionStore; storage: SqliteStorage; path: string } {
    const storage = createSqliteStorage(path);
    storages.push(storage);
    return { store: new SqliteSessionStore(storage, { defaultTtlSeconds: 60, touchThresholdSeconds }), storage, path };
  }
  /** Calls a callback-style store method and resolves with its result. */
  const call = <T>(store: SqliteSessionStore, method: 'get' | 'set' | 'destroy' | 'touch' | 'length', ...args: unknown[]): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const operation = store[method].bind(store) as (...parameters: unknown[]) => void;
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- passes on the store's error unchanged
      operation(...args, (error: unknown, value: T) => (error ? reject(error) : resolve(value)));
    });

  afterEach(async () => {
    for (const storage of storages.splice(0)) await storage.close();
  });

  it('stores, reads and destroys a session', async () => {
    const { store } = open();
    await call(store, 'set', 'sid-1', sessionExpiringIn(60_000, { returnTo: '/x' }));
    expect(await call<SessionData>(store, 'get', 'sid-1')).toMatchObject({ returnTo: '/x' });
    await call(store, 'destroy', 'sid-1');
    expect(await call(store, 'get', 'sid-1')).toBeNull();
  });

  it('creates the file with WAL journaling and survives reopening (restart)', async () => {
    const { store, storage, path } = open();
    await call(store, 'set', 'sid-2', sessionExpiringIn(60_000, { returnTo: '/kept' }));
    await storage.close();
    const reopened = open(path).store;
    expect(await call<SessionData>(reopened, 'get', 'sid-2')).toMatchObject({ returnTo: '/kept' });
    const db = new Database(path, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('deletes an expired row when it is read, and prunes the ones nobody reads', async () => {
    const { store, path } = open();
    await call(store, 'set', 'read-after-expiry', sessionExpiringIn(-1000));
    await call(store, 'set', 'never-read', sessionExpiringIn(-1000));
    await call(store, 'set', 'fresh', sessionExpiringIn(60_000));
    const db = new Database(path, { readonly: true });
    const sids = (): unknown[] => db.prepare('SELECT sid FROM sessions ORDER BY sid').all();

    expect(await call(store, 'get', 'read-after-expiry')).toBeNull();
    expect(sids()).toEqual([{ sid: 'fresh' }, { sid: 'never-read' }]);
    expect(await store.pruneExpired()).toBe(1);
    expect(sids()).toEqual([{ sid: 'fresh' }]);
    db.close();
  });

  it('prunes a large backlog of expired rows in batches', async () => {
    const { store } = open();
    for (let index = 0; index < 1234; index += 1) await call(store, 'set', `old-${index}`, sessionExpiringIn(-1000));
    await call(store, 'set', 'fresh', sessionExpiringIn(60_000));
    expect(await store.pruneExpired()).toBe(1234);
    expect(await call(store, 'length')).toBe(1);
  });

  it('skips a touch that would move the expiry by less than the threshold (no write per request)', async () => {
    const { store, path } = open(undefined, 60);
    const session = sessionExpiringIn(600_000);
    await call(store, 'set', 'sid-3', session);
    const db = new Database(path, { readonly: true });
    const expiry = (): number => (db.prepare('SELECT expires FROM sessions WHERE sid = ?').get('sid-3') as { expires: number }).expires;
    const stored = expiry();

    await call(store, 'touch', 'sid-3', sessionExpiringIn(600_000 + 30_000));
    expect(expiry()).toBe(stored);

    await call(store, 'touch', 'sid-3', sessionExpiringIn(600_000 + 120_000));
    expect(expiry()).toBeGreaterThan(stored + 100_000);
    db.close();
  });

  it('reports failures through the callback once closed, instead of throwing', async () => {
    const { store, storage } = open();
    await storage.close();
    await expect(call(store, 'get', 'sid')).rejects.toThrow();
    await expect(storage.ping()).rejects.toThrow();
  });
});
