// Without AUTH0_USERINFO (the default) the verified ID token is the profile: /userinfo is never
// called, and the ID token's claims get the same escaping and picture rules as userinfo's (E5).
import { describe, expect, it } from 'vitest';
import { attemptLogin, expectHostileProfileEscaped, expectIdTokenRejected, expectLoggedIn, useAttackEnv } from '../../support/attack.js';
import { DEFAULT_ACCOUNT } from '../../support/hostile-idp/index.js';
import { HttpClient } from '../../support/http-client.js';

describe('profile from the ID token (AUTH0_USERINFO=false)', () => {
  const env = useAttackEnv({ AUTH0_USERINFO: 'false' });

  it('logs in with the ID token’s claims and never calls /userinfo', async () => {
    const client = new HttpClient();
    const dashboard = await expectLoggedIn(client, env.app.url, await attemptLogin(client, env.app.url));
    expect(dashboard.text).toContain(DEFAULT_ACCOUNT.name as string);
    expect(dashboard.text).toContain(DEFAULT_ACCOUNT.email as string);
    expect(env.idp.calls('userinfo')).toEqual([]);
  });

  it('E5 hostile claims in the ID token are rendered escaped; a javascript: picture is never used', async () => {
    await expectHostileProfileEscaped(env);
  });

  it.each([
    ['a number', 42],
    ['an empty string', ''],
    ['longer than 255 characters', 'x'.repeat(256)],
  ])('D11 an ID token whose sub is %s is rejected', async (_case, sub) => {
    env.idp.behave({ idToken: { claims: { sub } } });
    const client = new HttpClient();
    await expectIdTokenRejected(env, client, await attemptLogin(client, env.app.url));
  });
});
