import { describe, expect, it } from 'vitest';
import { permissionsOf } from '../../../src/tokens/permissions-claim.js';

describe('permissionsOf', () => {
  it('an array of strings is the permissions', () => {
    expect(permissionsOf({ permissions: ['read:invoices', 'write:invoices'] })).toEqual(['read:invoices', 'write:invoices']);
  });

  it.each([['read:invoices'], [{ 0: 'read:invoices' }], [[1, 2]], [['read:invoices', 7]], [null], [undefined]])(
    'anything else (%j) is none',
    (value) => {
      expect(permissionsOf({ permissions: value })).toEqual([]);
    },
  );

  it('no claim, or one inherited from the prototype, is none', () => {
    expect(permissionsOf({})).toEqual([]);
    expect(permissionsOf(Object.create({ permissions: ['read:invoices'] }) as Record<string, unknown>)).toEqual([]);
  });
});
