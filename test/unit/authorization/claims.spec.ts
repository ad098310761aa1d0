import { describe, expect, it } from 'vitest';
import { claimEquals, claimIncludes } from '../../../src/authorization/claim-checks.js';

describe('claimEquals', () => {
  it('passes only on the exact value', () => {
    const verified = claimEquals('email_verified', true);
    expect(verified({ email_verified: true })).toBe(true);
    expect(verified({ email_verified: 'true' })).toBe(false);
    expect(verified({})).toBe(false);
  });

  it('does not read inherited properties', () => {
    expect(claimEquals('toString', null)({})).toBe(false);
  });
});

describe('claimIncludes', () => {
  const beta = claimIncludes('groups', 'beta', 'staff');

  it('passes when an array claim holds every value', () => {
    expect(beta({ groups: ['staff', 'beta', 'other'] })).toBe(true);
    expect(beta({ groups: ['beta'] })).toBe(false);
  });

  it('reads a string claim as space-separated values, as OAuth writes scopes', () => {
    expect(beta({ groups: 'beta staff' })).toBe(true);
    expect(beta({ groups: 'betastaff' })).toBe(false);
  });

  it('fails on a missing claim or one of another shape', () => {
    expect(beta({})).toBe(false);
    expect(beta({ groups: { beta: true, staff: true } })).toBe(false);
    expect(beta({ groups: 42 })).toBe(false);
  });
});
