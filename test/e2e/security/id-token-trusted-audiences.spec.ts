// D2 with AUTH0_TRUSTED_AUDIENCES: an extra audience is accepted only when the configuration names it.
// Its own file: Passport's strategy registry is per process, so one app per file.
import { describe, expect, it } from 'vitest';
import { attemptLogin, expectIdTokenRejected, expectLoggedIn, useAttackEnv } from '../../support/attack.js';
import { HttpClient } from '../../support/http-client.js';

const TRUSTED = 'https://api.example.com';

describe('D2 audiences trusted by configuration', () => {
  const env = useAttackEnv({ AUTH0_TRUSTED_AUDIENCES: `${TRUSTED}, https://other.example.com` });

  it('D2 aud naming our client id and a trusted audience, azp = client id, is accepted', async () => {
    env.idp.behave({ idToken: { claims: { aud: [env.idp.clientId, TRUSTED], azp: env.idp.clientId } } });
    const client = new HttpClient();
    await expectLoggedIn(client, env.app.url, await attemptLogin(client, env.app.url));
    expect(env.idp.calls('userinfo')).toHaveLength(1);
  });

  it('D2 an audience outside the trusted list is still rejected', async () => {
    env.idp.behave({ idToken: { claims: { aud: [env.idp.clientId, TRUSTED, 'https://evil.test/'], azp: env.idp.clientId } } });
    const client = new HttpClient();
    await expectIdTokenRejected(env, client, await attemptLogin(client, env.app.url));
  });

  it('D2 a trusted audience alone, without our client id, is rejected', async () => {
    env.idp.behave({ idToken: { claims: { aud: TRUSTED } } });
    const client = new HttpClient();
    await expectIdTokenRejected(env, client, await attemptLogin(client, env.app.url));
  });
});
