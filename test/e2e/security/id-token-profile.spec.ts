// Without AUTH0_USERINFO (the default) the verified ID token is the profile: /userinfo is never
// called, and the ID token's claims get the same escaping and picture rules as userinfo's (E5).
import { describe, expect, it } from 'vitest';
import { attemptLogin, expectIdTokenRejected, expectLoggedIn, useAttackEnv } from '../../support/attack.js';
import { DEFAULT_ACCOUNT, XSS_CLAIMS } from '../../support/hostile-idp/index.js';
import { HttpClient } from '../../support/http-client.js';

describe('profile from the ID token (AUTH0_USERINFO=false)', () => {
  const env = useAttackEnv({ AUTH0_USERINFO: 'false' });

  it('logs in with the ID token’s claims and never calls /userinfo', async () => {
    const client = new HttpClient();
    const dashboard = await expectLoggedIn(client, env.app.url, await attemptLogin(client, env.app.url));
    expect(dashboard.text).toContain(String(DEFAULT_ACCOUNT.name));
    expect(dashboard.text).toContain(String(DEFAULT_ACCOUNT.email));
    expect(env.idp.calls('userinfo')).toEqual([]);
  });

  it('E5 hostile claims in the ID token are rendered escaped; a javascript: picture is never used', async () => {
    env.idp.behave({ account: XSS_CLAIMS });
    const client = new HttpClient();
    const dashboard = await expectLoggedIn(client, env.app.url, await attemptLogin(client, env.app.url));
    expect(dashboard.text).not.toContain('<script>alert(1)</script>');
    expect(dashboard.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(dashboard.text).not.toMatch(/(?:href|src)\s*=\s*["']?\s*javascript:/i);
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
