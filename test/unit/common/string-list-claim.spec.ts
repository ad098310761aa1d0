import { describe, expect, it } from 'vitest';
import { stringListClaim } from '../../../src/common/string-list-claim.js';

const ROLES = 'https://app.example/roles';

describe('stringListClaim (roles, permissions)', () => {
  it('an array of strings is the list', () => {
    expect(stringListClaim({ [ROLES]: ['admin', 'viewer'] }, ROLES)).toEqual(['admin', 'viewer']);
    expect(stringListClaim({ permissions: ['read:invoices', 'write:invoices'] }, 'permissions')).toEqual(['read:invoices', 'write:invoices']);
  });

  it.each([
    ['missing', {}],
    ['a string', { [ROLES]: 'admin' }],
    ['an object', { [ROLES]: { 0: 'admin', length: 1 } }],
    ['numbers', { [ROLES]: [1, 2] }],
    ['mixed', { [ROLES]: ['admin', 2] }],
    ['null', { [ROLES]: null }],
    ['undefined', { [ROLES]: undefined }],
  ])('reads %s as an empty list: a malformed claim never grants', (_case, claims) => {
    expect(stringListClaim(claims, ROLES)).toEqual([]);
  });

  it('reads only the named claim, and only own properties', () => {
    expect(stringListClaim({ roles: ['admin'] }, ROLES)).toEqual([]);
    expect(stringListClaim({}, 'constructor')).toEqual([]);
    expect(stringListClaim(Object.create({ permissions: ['read:invoices'] }) as Record<string, unknown>, 'permissions')).toEqual([]);
    expect(stringListClaim(JSON.parse('{"__proto__": ["admin"]}') as Record<string, unknown>, '__proto__')).toEqual(['admin']);
  });
});
