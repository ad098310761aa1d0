import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempSqlitePath, TEST_SESSION_SECRET } from '../../support/app.js';
import { spawnApp } from '../../support/child-app.js';
import { fault, type HostileIdp, startHostileIdp } from '../../support/hostile-idp/index.js';
import { HttpClient } from '../../support/http-client.js';
import { waitFor } from '../../support/wait.js';

describe('graceful shutdown (compiled app in a child process)', () => {
  let idp: HostileIdp;
  beforeAll(async () => {
    idp = await startHostileIdp();
  });
  afterAll(() => idp.close());

  it('on SIGTERM finishes the in-flight login, closes the SQLite store cleanly and exits 0', async () => {
    const sqlitePath = tempSqlitePath();
    const app = await spawnApp({
      NODE_ENV: 'test',
      AUTH0_DOMAIN: idp.origin,
      AUTH0_CLIENT_ID: idp.clientId,
      AUTH0_CLIENT_SECRET: idp.clientSecret,
      SESSION_SECRET: TEST_SESSION_SECRET,
      SESSION_STORE: 'sqlite',
      SESSION_SQLITE_PATH: sqlitePath,
      LOG_LEVEL: 'info',
    });
    try {
      const client = new HttpClient();
      const toIdp = await client.get(`${app.url}/login`);
      const toCallback = await client.get(toIdp.location ?? '');
      // The token endpoint answers slowly (one byte per millisecond), so the callback is in flight when SIGTERM arrives.
      idp.behave({ token: { fault: fault.drip(1) } });
      const callback = client.get(toCallback.location ?? '');
      await waitFor(() => idp.calls('token').length === 1, 5000);

      const exit = app.stop('SIGTERM');
      const answered = await callback;
      expect(answered.status).toBe(302);
      expect(answered.location).toBe(`${app.url}/dashboard`);
      expect(await exit).toEqual({ code: 0, signal: null });
      await expect(fetch(`${app.url}/healthz`)).rejects.toThrow();
      // A checkpointed, closed WAL database leaves no -wal file behind.
      expect(existsSync(`${sqlitePath}-wal`)).toBe(false);
      expect(app.output()).toContain('SIGTERM received');
    } finally {
      await app.stop('SIGKILL');
    }
  });
});
