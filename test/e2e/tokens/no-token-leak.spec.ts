// No access, refresh or ID token in any response (body, header, Location) or log line across login,
// dashboard (with refreshes), a refused permission and logout; the SQLite row with the tokens goes at logout.
// nestjs-pino keeps one logger per process: one app in this file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, tempSqlitePath } from '../../support/app.js';
import { attemptLogin } from '../../support/attack.js';
import { type HostileIdp, startHostileIdp } from '../../support/hostile-idp/index.js';
import { HttpClient, type HttpResult } from '../../support/http-client.js';
import { storedState } from '../../support/stored.js';
import { API_AUDIENCE, OFFLINE_SCOPE } from './api-tokens.js';

describe('tokens never leave the server (SQLite store)', () => {
  const written: string[] = [];
  let idp: HostileIdp;
  let app: TestApp;

  beforeAll(async () => {
    idp = await startHostileIdp();
    app = await startTestApp(
      idp,
      {
        LOG_LEVEL: 'debug',
        AUTH0_USERINFO: 'true',
        AUTH0_AUDIENCE: API_AUDIENCE,
        AUTH0_SCOPE: OFFLINE_SCOPE,
        SESSION_STORE: 'sqlite',
        SESSION_SQLITE_PATH: tempSqlitePath(),
      },
      undefined,
      { write: (chunk: string) => written.push(chunk) },
    );
  });
  afterAll(async () => {
    await app.close();
    await idp.close();
  });

  it('T2 in no page, header, Location or log line, through login, refreshing dashboards, a 403 and logout; gone from the store after logout', async () => {
    const secrets = new Set<string>();
    idp.behave({
      accessToken: { expiresIn: 30, claims: { permissions: ['read:reports'] } },
      token: {
        body: (normal) => {
          for (const token of [normal.access_token, normal.refresh_token, normal.id_token]) if (token) secrets.add(token);
          return normal;
        },
      },
    });
    const stored = storedState(app);
    const client = new HttpClient();
    const seen: HttpResult[] = [await attemptLogin(client, app.url)];
    const sid = await stored.sessionIdOf(client);
    const keepStoredTokens = async (): Promise<void> => {
      const tokens = await stored.tokens(sid);
      expect(tokens, 'the token store keeps the session’s tokens').toBeDefined();
      for (const token of [tokens?.accessToken, tokens?.refreshToken]) if (token) secrets.add(token);
    };
    await keepStoredTokens();
    for (const path of ['/dashboard', '/dashboard', '/invoices', '/logout']) {
      seen.push(await client.get(`${app.url}${path}`));
      await keepStoredTokens();
    }
    seen.push(await client.get(`${app.url}/dashboard`, { accept: 'application/json' }));
    await keepStoredTokens();
    seen.push(await client.postForm(`${app.url}/logout`, {}));

    expect(seen.map((result) => result.status)).toEqual([302, 200, 200, 403, 200, 200, 302]);
    expect(idp.refreshCalls().length).toBeGreaterThanOrEqual(3);
    // Every refresh token the app presented was seen, so every rotation is covered below.
    for (const call of idp.refreshCalls()) expect(secrets.has(call.body.get('refresh_token') ?? '')).toBe(true);
    const log = written.join('');
    expect(log).toContain('"event":"login_succeeded"');
    for (const secret of secrets) {
      for (const result of seen) {
        const visible = `${result.location ?? ''}\n${[...result.headers].map(([name, value]) => `${name}: ${value}`).join('\n')}\n${result.text}`;
        expect(visible.includes(secret), `a token in the answer to ${result.url}`).toBe(false);
      }
      expect(log.includes(secret), 'a token in the log').toBe(false);
    }
    expect(await stored.session(sid), 'the session row after logout').toBeUndefined();
    expect(await stored.tokens(sid), 'the tokens row after logout').toBeUndefined();
  });
});
