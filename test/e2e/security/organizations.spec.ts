// Attack case J4 (organizations): an organization-bound login refuses an ID token whose org_id
// (or org_name) is missing or names another organization.
import { describe, expect, it } from 'vitest';
import { approveAtIdp, attemptLogin, beginLogin, expectLoggedIn, expectRejectedLogin, useAttackEnv } from '../../support/attack.js';
import type { Claims } from '../../support/hostile-idp/index.js';
import { HttpClient } from '../../support/http-client.js';
import { storedState } from '../../support/stored.js';

const REFUSED_HEADING = 'This login is for another organization';

describe('J4 organization pinned by id (AUTH0_ORGANIZATION=org_pinned)', () => {
  const env = useAttackEnv({ AUTH0_ORGANIZATION: 'org_pinned' });

  async function loginWith(claims: Claims, search = ''): Promise<{ client: HttpClient; result: Awaited<ReturnType<typeof attemptLogin>> }> {
    env.idp.behave({ idToken: { claims } });
    const client = new HttpClient();
    return { client, result: await attemptLogin(client, env.app.url, search) };
  }

  it('J4 every login sends organization=org_pinned, even when the link names another organization', async () => {
    const plain = await beginLogin(new HttpClient(), env.app.url);
    expect(plain.authorizeUrl.searchParams.getAll('organization')).toEqual(['org_pinned']);
    const invited = await beginLogin(new HttpClient(), env.app.url, '?invitation=inv123&organization=org_other');
    expect(invited.authorizeUrl.searchParams.getAll('organization')).toEqual(['org_pinned']);
    expect(invited.authorizeUrl.searchParams.get('invitation')).toBe('inv123');
  });

  it('J4 pinned by id: the matching org_id logs in', async () => {
    const { client, result } = await loginWith({ org_id: 'org_pinned', org_name: 'pinned' });
    await expectLoggedIn(client, env.app.url, result);
  });

  it('J4 pinned by id: an ID token without org_id is refused (403, no session)', async () => {
    const { client, result } = await loginWith({});
    await expectRejectedLogin(client, env.app.url, result, 403);
    expect(result.text).toContain(REFUSED_HEADING);
  });

  it('J4 pinned by id: another org_id is refused, even with the org_name of the pinned one or a differently cased id', async () => {
    const wrong: Claims[] = [{ org_id: 'org_other' }, { org_id: 'org_other', org_name: 'org_pinned' }, { org_id: 'ORG_PINNED' }];
    for (const claims of wrong) {
      const { client, result } = await loginWith(claims);
      await expectRejectedLogin(client, env.app.url, result, 403);
    }
  });

  it('J4 pinned by id: an invitation to another organization cannot log in to it', async () => {
    const { client, result } = await loginWith({ org_id: 'org_other' }, '?invitation=inv123&organization=org_other');
    await expectRejectedLogin(client, env.app.url, result, 403);
  });
});

describe('J4 organization pinned by name (AUTH0_ORGANIZATION=Acme)', () => {
  const env = useAttackEnv({ AUTH0_ORGANIZATION: 'Acme' });

  it('J4 pinned by name: sends organization=Acme; org_name acme matches it case-insensitively', async () => {
    env.idp.behave({ idToken: { claims: { org_id: 'org_123', org_name: 'acme' } } });
    const client = new HttpClient();
    const { authorizeUrl } = await beginLogin(client, env.app.url);
    expect(authorizeUrl.searchParams.get('organization')).toBe('Acme');
    await expectLoggedIn(client, env.app.url, await client.get(await approveAtIdp(client, authorizeUrl)));
  });

  it.each<[string, Claims]>([
    ['a missing org_name', { org_id: 'org_123' }],
    ['another org_name', { org_id: 'org_123', org_name: 'globex' }],
    ['an org_id equal to the name, without org_name', { org_id: 'Acme' }],
  ])('J4 pinned by name: %s is refused (403, no session)', async (_label, claims) => {
    env.idp.behave({ idToken: { claims } });
    const client = new HttpClient();
    const result = await attemptLogin(client, env.app.url);
    await expectRejectedLogin(client, env.app.url, result, 403);
    expect(result.text).toContain(REFUSED_HEADING);
  });
});

describe('J4 organizations without AUTH0_ORGANIZATION', () => {
  const env = useAttackEnv();

  it('J4 an invitation link forwards invitation and organization (organization_name stays with the app) and requires that org_id', async () => {
    const client = new HttpClient();
    const { authorizeUrl } = await beginLogin(client, env.app.url, '?invitation=Nzp9FDsD&organization=org_invited&organization_name=Acme%20Inc');
    expect(authorizeUrl.searchParams.get('invitation')).toBe('Nzp9FDsD');
    expect(authorizeUrl.searchParams.get('organization')).toBe('org_invited');
    expect(authorizeUrl.searchParams.has('organization_name')).toBe(false);
    env.idp.behave({ idToken: { claims: { org_id: 'org_invited', org_name: 'acme' } } });
    await expectLoggedIn(client, env.app.url, await client.get(await approveAtIdp(client, authorizeUrl)));
  });

  it('J4 a login to an organization named in the query refuses an ID token for another one, or none', async () => {
    const wrong: Claims[] = [{ org_id: 'org_someone_else' }, {}];
    for (const claims of wrong) {
      env.idp.behave({ idToken: { claims } });
      const client = new HttpClient();
      const result = await attemptLogin(client, env.app.url, '?organization=org_invited');
      await expectRejectedLogin(client, env.app.url, result, 403);
    }
  });

  it('J4 a login without an organization that carries org_id puts it on the SessionUser; one without has none', async () => {
    const stored = storedState(env.app);
    env.idp.behave({ idToken: { claims: { org_id: 'org_member', org_name: 'acme' } } });
    const member = new HttpClient();
    await expectLoggedIn(member, env.app.url, await attemptLogin(member, env.app.url));
    const user = (await stored.session(await stored.sessionIdOf(member)))?.passport?.user;
    expect(user?.organization).toEqual({ id: 'org_member', name: 'acme' });
    expect(user?.claims.org_id).toBe('org_member');

    env.idp.reset();
    const plain = new HttpClient();
    await expectLoggedIn(plain, env.app.url, await attemptLogin(plain, env.app.url));
    expect((await stored.session(await stored.sessionIdOf(plain)))?.passport?.user).not.toHaveProperty('organization');
  });
});
