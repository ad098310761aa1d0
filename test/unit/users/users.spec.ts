import { afterEach, describe, expect, it } from 'vitest';
import type { LoginEvent } from '../../../src/auth/login-hooks.js';
import type { AppConfig } from '../../../src/config/app-config.js';
import { Database } from '../../../src/storage/sqlite-driver.js';
import { EmailDomainPolicy } from '../../../src/users/email-domain-policy.js';
import { UsersRepository } from '../../../src/users/users.repository.js';
import { tempSqlitePath } from '../../support/environment.js';

describe('UsersRepository on SQLite (a real file)', () => {
  const opened: Database[] = [];
  const open = (path: string): UsersRepository => {
    const db = new Database(path);
    opened.push(db);
    return new UsersRepository(db);
  };
  afterEach(() => {
    for (const db of opened.splice(0)) db.close();
  });

  it('creates the row at the first login and counts the next ones, keeping the first login time', () => {
    const users = open(tempSqlitePath());
    const first = new Date('2026-01-02T03:04:05.000Z');
    expect(users.recordLogin('auth0|a', first)).toEqual({ sub: 'auth0|a', firstLoginAt: first, loginCount: 1 });
    expect(users.recordLogin('auth0|a', new Date('2026-02-01T00:00:00.000Z'))).toEqual({ sub: 'auth0|a', firstLoginAt: first, loginCount: 2 });
    expect(users.recordLogin('auth0|b', first).loginCount).toBe(1);
    expect(users.find('auth0|a')?.loginCount).toBe(2);
    expect(users.find('auth0|nobody')).toBeUndefined();
  });

  it('keeps its rows in the file across a reopen (a restart)', () => {
    const path = tempSqlitePath();
    open(path).recordLogin('auth0|a', new Date());
    for (const db of opened.splice(0)) db.close();
    expect(open(path).recordLogin('auth0|a', new Date()).loginCount).toBe(2);
  });
});

describe('EmailDomainPolicy', () => {
  const policy = (domains: string[]): EmailDomainPolicy => new EmailDomainPolicy({ allowedEmailDomains: domains } as AppConfig);
  const login = (claims: Record<string, unknown>): LoginEvent => ({ claims: { sub: 'auth0|a', ...claims } }) as unknown as LoginEvent;

  it('lets everyone in when no domain is listed', () => {
    expect(policy([]).onLogin(login({}))).toBeUndefined();
  });

  it('lets in a verified address of a listed domain, whatever the case of the address', () => {
    expect(policy(['example.com']).onLogin(login({ email: 'Jane@Example.COM', email_verified: true }))).toBeUndefined();
  });

  it.each([
    ['another domain', { email: 'jane@elsewhere.test', email_verified: true }],
    ['a subdomain of a listed one', { email: 'jane@evil.example.com', email_verified: true }],
    ['an unverified address of a listed domain (OIDC Core 5.1)', { email: 'jane@example.com', email_verified: false }],
    ['no verification claim', { email: 'jane@example.com' }],
    ['no email', { email_verified: true }],
    ['an address without @', { email: 'example.com', email_verified: true }],
  ])('refuses %s', (_case, claims) => {
    expect(policy(['example.com']).onLogin(login(claims))).toEqual({ refuse: expect.any(String) as string });
  });
});
