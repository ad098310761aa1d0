import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountClaims } from '../../../src/local-idp/account-claims.js';
import { AccountStore, DEFAULT_ACCOUNTS_FILE } from '../../../src/local-idp/accounts.js';
import { stringMatching } from '../../support/matchers.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'local-idp-accounts-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function accountsFile(content: unknown): Promise<string> {
  const file = join(dir, `${Math.random().toString(36).slice(2)}.json`);
  await writeFile(file, JSON.stringify(content));
  return file;
}

describe('local sign-in server accounts', () => {
  it('ships the documented test account in the default file', async () => {
    const store = await AccountStore.fromFile(DEFAULT_ACCOUNTS_FILE);
    expect(store.all[0]).toMatchObject({
      id: 'auth0|local-test-user',
      email: 'user@example.com',
      password: 'Passw0rd!',
      name: 'Test User',
      nickname: 'test.user',
    });
  });

  it('verifies credentials, with the email matched case-insensitively', async () => {
    const store = await AccountStore.fromFile(DEFAULT_ACCOUNTS_FILE);
    expect(store.verifyCredentials(' User@Example.com ', 'Passw0rd!')?.id).toBe('auth0|local-test-user');
    expect(store.verifyCredentials('user@example.com', 'passw0rd!')).toBeUndefined();
    expect(store.verifyCredentials('user@example.com', '')).toBeUndefined();
    expect(store.verifyCredentials('nobody@example.com', 'Passw0rd!')).toBeUndefined();
  });

  it('gives Auth0-shaped claims with roles, under the configured claim, only when the account has some', async () => {
    const store = await AccountStore.fromFile(DEFAULT_ACCOUNTS_FILE);
    const updatedAt = new Date('2024-01-02T03:04:05.000Z');
    const rolesClaim = 'https://app.test/roles';
    const user = accountClaims(store.findById('auth0|local-test-user')!, updatedAt, rolesClaim);
    expect(user).toMatchObject({ sub: 'auth0|local-test-user', email_verified: true, updated_at: '2024-01-02T03:04:05.000Z' });
    expect(user).not.toHaveProperty(rolesClaim);
    const admin = accountClaims(store.findById('auth0|local-admin-user')!, updatedAt, rolesClaim);
    expect(admin[rolesClaim]).toEqual(['admin']);
    expect(admin).not.toHaveProperty('roles');
  });

  it('refuses a file with a malformed account, naming the field', async () => {
    const file = await accountsFile([{ id: 'local-user', email: 'not-an-email', password: 'x', name: 'X' }]);
    const failure = AccountStore.fromFile(file);
    await expect(failure).rejects.toThrow(/\[0\]\.id/);
    await expect(failure).rejects.toThrow(/\[0\]\.email/);
  });

  it('refuses duplicate emails', async () => {
    const account = { id: 'auth0|a', email: 'a@example.com', password: 'x', name: 'A' };
    const file = await accountsFile([account, { ...account, id: 'auth0|b', email: 'A@example.com' }]);
    await expect(AccountStore.fromFile(file)).rejects.toThrow(/listed twice/);
  });

  it("puts an organization login's org_id and org_name in the claims, and nothing for a login without one", async () => {
    const store = await AccountStore.fromFile(DEFAULT_ACCOUNTS_FILE);
    const admin = store.findById('auth0|local-admin-user')!;
    expect(admin.organizations).toEqual([{ id: 'org_local_acme', name: 'acme' }]);
    const updatedAt = new Date();
    expect(accountClaims(admin, updatedAt, 'https://app.test/roles', admin.organizations?.[0])).toMatchObject({
      org_id: 'org_local_acme',
      org_name: 'acme',
    });
    expect(accountClaims(admin, updatedAt, 'https://app.test/roles')).not.toHaveProperty('org_id');
  });

  it('refuses an organization of the wrong shape, and one id listed with two names', async () => {
    const account = { id: 'auth0|a', email: 'a@example.com', password: 'x', name: 'A' };
    await expect(AccountStore.fromFile(await accountsFile([{ ...account, organizations: [{ id: 'acme', name: 'Acme' }] }]))).rejects.toThrow(
      /organizations\[0\]\.id[\s\S]*organizations\[0\]\.name/,
    );
    const twoNames = [
      { ...account, organizations: [{ id: 'org_1', name: 'acme' }] },
      { ...account, id: 'auth0|b', email: 'b@example.com', organizations: [{ id: 'org_1', name: 'globex' }] },
    ];
    await expect(AccountStore.fromFile(await accountsFile(twoNames))).rejects.toThrow(/differs from another account's name for org_1/);
  });

  it('registers a sign-up in memory: it signs in, unverified; a taken email, a bad email or a short password are refused', async () => {
    const store = await AccountStore.fromFile(DEFAULT_ACCOUNTS_FILE);
    const created = store.register({ name: ' New Person ', email: 'new@example.com', password: 'long-enough' });
    if ('problem' in created) throw new Error(created.problem);
    expect(created).toMatchObject({ id: stringMatching(/^auth0\|local-/), name: 'New Person', emailVerified: false });
    expect(store.verifyCredentials('NEW@example.com', 'long-enough')?.id).toBe(created.id);
    expect(store.findById(created.id)).toBe(created);
    expect(store.all.map(({ email }) => email)).not.toContain('new@example.com');
    expect(store.register({ name: 'X', email: 'user@example.com', password: 'long-enough' })).toEqual({ problem: stringMatching(/exists/) });
    expect(store.register({ name: 'X', email: 'not-an-email', password: 'long-enough' })).toEqual({ problem: 'Enter a valid email address.' });
    expect(store.register({ name: 'X', email: 'x@example.com', password: 'short' })).toEqual({ problem: stringMatching(/8 characters/) });
    expect(store.register({ name: ' ', email: 'y@example.com', password: 'long-enough' })).toEqual({ problem: 'Enter your name.' });
  });

  it('names the file it cannot read', async () => {
    await expect(AccountStore.fromFile(join(dir, 'missing.json'))).rejects.toThrow(/missing\.json/);
  });
});
