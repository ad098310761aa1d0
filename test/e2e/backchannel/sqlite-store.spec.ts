// H2 on the SQLite store: sessions found by IdP login (`sid`) and by user (`sub`) through the
// back-channel store's indexed table.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../../src/storage/sqlite-driver.js';
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

  /** The back-channel store's rows for user `sub`: one per session, with the IdP login it came from. */
  function rowsOf(sub: string): Array<{ sub: string; sid: string | null }> {
    const db = new Database(sqlitePath, { readonly: true });
    try {
      return db.prepare<[string], { sub: string; sid: string | null }>('SELECT sub, sid FROM login_sessions WHERE sub = ?').all(sub);
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
        .map((row) => row.sid)
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
