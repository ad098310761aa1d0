import { describe, expect, it } from 'vitest';
import { apiTokensFrom } from '../../../src/tokens/api-tokens.js';

describe('apiTokensFrom', () => {
  const now = 1_000_000;

  it('computes the expiry from expires_in and keeps scope and refresh token', () => {
    expect(apiTokensFrom({ access_token: 'a', token_type: 'Bearer', expires_in: 30, scope: 'openid', refresh_token: 'r' }, now)).toEqual({
      accessToken: 'a',
      expiresAt: now + 30_000,
      scope: 'openid',
      refreshToken: 'r',
    });
  });

  it('keeps the previous refresh token and scope when a refresh answer omits them (RFC 6749 §6)', () => {
    const previous = { accessToken: 'old', expiresAt: now, scope: 'openid offline_access', refreshToken: 'r1' };
    expect(apiTokensFrom({ access_token: 'new', token_type: 'Bearer' }, now, previous)).toEqual({
      accessToken: 'new',
      expiresAt: undefined,
      scope: 'openid offline_access',
      refreshToken: 'r1',
    });
  });
});
