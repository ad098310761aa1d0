// /backchannel-logout is outside LOGIN_RATE_LIMIT: Auth0 posts logouts from a few addresses, in bursts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AttackEnv, startAppWithHostileIdp } from '../../support/attack.js';
import { HttpClient } from '../../support/http-client.js';

describe('H2 back-channel logout and the login rate limit', () => {
  let env: AttackEnv;

  beforeAll(async () => {
    env = await startAppWithHostileIdp({ LOGIN_RATE_LIMIT: '2' });
  });
  afterAll(() => env?.close());

  it('H2 a burst of logout posts from one address is never answered 429, while /login is', async () => {
    const client = new HttpClient();
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 10; attempt += 1) {
      statuses.push((await client.postForm(`${env.app.url}/backchannel-logout`, { logout_token: 'not-a-jwt' })).status);
    }
    expect(statuses).toEqual(Array<number>(10).fill(400));
    const logins = [];
    for (let attempt = 0; attempt < 3; attempt += 1) logins.push((await client.get(`${env.app.url}/login`)).status);
    expect(logins).toEqual([302, 302, 429]);
  });
});
