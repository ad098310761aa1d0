// Two apps in one process (as the suites boot them) each log in against their own IdP: passport's
// strategy registry is process-wide, so the app booted last must not take over the other's logins.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AttackEnv, attemptLogin, expectLoggedIn, startAppWithHostileIdp } from '../support/attack.js';
import { HttpClient } from '../support/http-client.js';

describe('two apps in one process', () => {
  const envs: AttackEnv[] = [];

  beforeAll(async () => {
    envs.push(await startAppWithHostileIdp(), await startAppWithHostileIdp());
  });
  afterAll(async () => {
    for (const env of envs) await env.close();
  });

  it.each([0, 1])('app #%i logs in against its own IdP only', async (index) => {
    const [env, other] = index === 0 ? [envs[0], envs[1]] : [envs[1], envs[0]];
    for (const each of envs) each.idp.reset();
    const client = new HttpClient();
    await expectLoggedIn(client, env.app.url, await attemptLogin(client, env.app.url));
    expect(env.idp.calls('token')).toHaveLength(1);
    expect(other.idp.calls('authorize')).toEqual([]);
    expect(other.idp.calls('token')).toEqual([]);
  });
});
