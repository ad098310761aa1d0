// Where roles come from: only the ID token claim named by AUTH0_ROLES_CLAIM, and only when it is an
// array of strings. A test IdP (the hostile one, behaving) puts whatever a case needs in the claims.
import { describe, expect, it } from 'vitest';
import { DEFAULT_ROLES_CLAIM } from '../../../src/config/environment.schema.js';
import { attemptLogin, type AttackSuite, expectErrorPage, expectLoggedIn, useAttackEnv } from '../../support/attack.js';
import { type Claims, XSS_CLAIMS } from '../../support/hostile-idp/index.js';
import { HttpClient } from '../../support/http-client.js';

const CUSTOM_CLAIM = 'https://custom.example/app-roles';

/** Logs in with `claims` added to the account, and asks for /admin as a browser and as a JSON client. */
async function adminAnswers(env: AttackSuite, claims: Claims): Promise<{ page: number; json: number }> {
  env.idp.behave({ account: claims });
  const client = new HttpClient();
  await expectLoggedIn(client, env.app.url, await attemptLogin(client, env.app.url));
  const page = await client.get(`${env.app.url}/admin`);
  if (page.status !== 200) expectErrorPage(page, page.status);
  const json = await client.get(`${env.app.url}/admin`, { accept: 'application/json' });
  return { page: page.status, json: json.status };
}

describe('roles from the default AUTH0_ROLES_CLAIM (profile from the ID token)', () => {
  const env = useAttackEnv({ AUTH0_USERINFO: 'false' });

  it('an ID token with ["admin"] in the claim opens /admin', async () => {
    expect(await adminAnswers(env, { [DEFAULT_ROLES_CLAIM]: ['viewer', 'admin'] })).toEqual({ page: 200, json: 200 });
  });

  it.each([
    ['a string', 'admin'],
    ['an object', { admin: true }],
    ['numbers', [1, 2]],
    ['a mixed array', ['admin', 1]],
    ['an array of arrays', [['admin']]],
    ['null', null],
    ['an empty array', []],
  ])('a roles claim that is %s counts as no roles: 403, never a 500', async (_case, value) => {
    expect(await adminAnswers(env, { [DEFAULT_ROLES_CLAIM]: value })).toEqual({ page: 403, json: 403 });
  });

  it('E5 the 403 page names a hostile account escaped (its name and email are markup)', async () => {
    // adminAnswers checks the 403 page for executable markup, as for every error page.
    expect(await adminAnswers(env, XSS_CLAIMS)).toEqual({ page: 403, json: 403 });
  });

  it('roles differing only in case do not match', async () => {
    expect(await adminAnswers(env, { [DEFAULT_ROLES_CLAIM]: ['Admin', 'ADMIN'] })).toEqual({ page: 403, json: 403 });
  });
});

describe('a custom AUTH0_ROLES_CLAIM', () => {
  const env = useAttackEnv({ AUTH0_USERINFO: 'false', AUTH0_ROLES_CLAIM: CUSTOM_CLAIM });

  it('roles under the configured claim count', async () => {
    expect(await adminAnswers(env, { [CUSTOM_CLAIM]: ['admin'] })).toEqual({ page: 200, json: 200 });
  });

  it('roles under a plain "roles" claim or under the default claim do not', async () => {
    expect(await adminAnswers(env, { roles: ['admin'], [DEFAULT_ROLES_CLAIM]: ['admin'] })).toEqual({ page: 403, json: 403 });
  });
});

describe('roles with AUTH0_USERINFO=true (Auth0 returns an Action’s custom claims at /userinfo too)', () => {
  const env = useAttackEnv({ AUTH0_USERINFO: 'true', AUTH0_ROLES_CLAIM: CUSTOM_CLAIM });

  it('roles under the configured claim count, and a plain "roles" claim does not', async () => {
    expect(await adminAnswers(env, { [CUSTOM_CLAIM]: ['admin'] })).toEqual({ page: 200, json: 200 });
    expect(await adminAnswers(env, { roles: ['admin'] })).toEqual({ page: 403, json: 403 });
  });
});
