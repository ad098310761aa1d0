// H2 on the SQLite store: sessions found by IdP login (`sid`) and by user (`sub`) through indexed
// columns, including sessions saved by a version of the app that had no such columns.
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSession, expectSession } from '../../support/attack.js';
import { tempSqlitePath } from '../../support/app.js';
import { type BackchannelEnv, expectAccepted, postLogoutToken, startBackchannelEnv, uniqueLogin } from '../../support/backchannel.js';

describe('H2 back-channel logout on the SQLite store (https IdP)', () => {
  let env: BackchannelEnv;
  let sqlitePath: string;
  const appUrl = (): string => env.apps[0].url;

  beforeAll(async () => {
    sqlitePath = tempSqlitePath();
    env = await startBackchannelEnv({ SESSION_STORE: 'sqlite', SESSION_SQLITE_PATH: sqlitePath });
  });
  afterAll(() => env?.close());

  function rowsOf(sub: string): Array<{ subject: string; idp_sid: string | null }> {
    const db = new Database(sqlitePath, { readonly: true });
    try {
      return db
        .prepare<[string], { subject: string; idp_sid: string | null }>('SELECT subject, idp_sid FROM sessions WHERE subject = ?')
        .all(sub);
    } finally {
      db.close();
    }
  }

  it('H2 SQLite: a token with only sid ends that login’s session, not the same user’s other login nor another user', async () => {
    const login = uniqueLogin();
    const sameUserElsewhere = { sub: login.sub, sid: uniqueLogin().sid };
    const other = uniqueLogin();
    const [ended, kept, otherUser] = [await env.logIn(login), await env.logIn(sameUserElsewhere), await env.logIn(other)];
    expect(
      rowsOf(login.sub)
        .map((row) => row.idp_sid)
        .sort(),
    ).toEqual([login.sid, sameUserElsewhere.sid].sort());

    expectAccepted(await postLogoutToken(appUrl(), await env.logoutToken({ sid: login.sid })));

    await expectNoSession(ended, appUrl());
    await expectSession(kept, appUrl());
    await expectSession(otherUser, appUrl());
  });

  it('H2 SQLite: a token with only sub ends both sessions of that user and no other user’s', async () => {
    const login = uniqueLogin();
    const other = uniqueLogin();
    const sessions = [await env.logIn(login), await env.logIn({ sub: login.sub, sid: uniqueLogin().sid })];
    const otherUser = await env.logIn(other);

    expectAccepted(await postLogoutToken(appUrl(), await env.logoutToken({ sub: login.sub })));

    for (const browser of sessions) await expectNoSession(browser, appUrl());
    await expectSession(otherUser, appUrl());
    expect(rowsOf(login.sub)).toEqual([]);
  });
});

describe('H2 back-channel logout on a SQLite file from before the login index (https IdP)', () => {
  let env: BackchannelEnv;
  let sqlitePath: string;

  beforeAll(async () => {
    sqlitePath = tempSqlitePath();
    env = await startBackchannelEnv({ SESSION_STORE: 'sqlite', SESSION_SQLITE_PATH: sqlitePath });
  });
  afterAll(() => env?.close());

  /** The table as the app created it before back-channel logout, with sessions that never kept a `sid`. */
  function rewriteInOldShape(): void {
    const db = new Database(sqlitePath);
    try {
      db.exec(
        `CREATE TABLE old_sessions (sid TEXT PRIMARY KEY NOT NULL, data TEXT NOT NULL, expires INTEGER NOT NULL) WITHOUT ROWID;
         INSERT INTO old_sessions SELECT sid, json_remove(data, '$.idpSessionId'), expires FROM sessions;
         DROP TABLE sessions;
         DROP TABLE seen_keys;
         ALTER TABLE old_sessions RENAME TO sessions;
         CREATE INDEX sessions_expires ON sessions (expires);`,
      );
    } finally {
      db.close();
    }
  }

  it('H2 SQLite: sessions saved before the upgrade are indexed at start and ended by a token naming their user', async () => {
    const login = uniqueLogin();
    const other = uniqueLogin();
    const [browser, otherUser] = [await env.logIn(login), await env.logIn(other)];
    await env.apps[0].stop();
    rewriteInOldShape();
    const app = await env.restart(env.apps[0]);
    await expectSession(browser, app.url);

    // Auth0 sends sub and sid; the old session has no sid, so its user is what finds it.
    expectAccepted(await postLogoutToken(app.url, await env.logoutToken(login)));

    await expectNoSession(browser, app.url);
    await expectSession(otherUser, app.url);
  });
});
