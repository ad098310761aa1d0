import type { JWTPayload } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  assertBackchannelLogoutEvent,
  assertLogoutTokenType,
  assertNoNonce,
  assertSubjectOrSession,
  assertTokenId,
  BACKCHANNEL_LOGOUT_EVENT,
} from '../../../src/backchannel/logout-token-claims.js';
import { LogoutTokenRejectedError } from '../../../src/backchannel/logout-token-rejected.error.js';

const refused = (check: () => void): void => expect(check).toThrow(LogoutTokenRejectedError);

describe('logout token rules (Back-Channel Logout 1.0 §2.4, §2.6)', () => {
  it('typ: absent, logout+jwt (any case, with or without application/) or the generic JWT; any other type is refused', () => {
    for (const typ of [undefined, 'logout+jwt', 'Logout+JWT', 'application/logout+jwt', 'JWT']) {
      expect(() => assertLogoutTokenType({ alg: 'RS256', typ })).not.toThrow();
    }
    for (const typ of ['at+jwt', 'secevent+jwt', '']) refused(() => assertLogoutTokenType({ alg: 'RS256', typ }));
  });

  it('events: an object holding the back-channel logout event as an object', () => {
    expect(() => assertBackchannelLogoutEvent({ events: { [BACKCHANNEL_LOGOUT_EVENT]: {} } })).not.toThrow();
    expect(() => assertBackchannelLogoutEvent({ events: { [BACKCHANNEL_LOGOUT_EVENT]: {}, other: {} } })).not.toThrow();
    for (const events of [
      undefined,
      null,
      'x',
      [],
      [BACKCHANNEL_LOGOUT_EVENT],
      {},
      { [BACKCHANNEL_LOGOUT_EVENT]: true },
      { [BACKCHANNEL_LOGOUT_EVENT]: [] },
    ]) {
      refused(() => assertBackchannelLogoutEvent({ events }));
    }
  });

  it('nonce: any nonce, even empty or null, is refused', () => {
    expect(() => assertNoNonce({ sub: 'a' })).not.toThrow();
    for (const nonce of ['n', '', null]) refused(() => assertNoNonce({ nonce }));
  });

  it('sub and sid: at least one, each a non-empty string', () => {
    for (const payload of [{ sub: 'a' }, { sid: 'b' }, { sub: 'a', sid: 'b' }]) expect(() => assertSubjectOrSession(payload)).not.toThrow();
    for (const payload of [{}, { sub: '' }, { sid: '' }, { sid: 42 }, { sub: 'a', sid: null }]) refused(() => assertSubjectOrSession(payload));
  });

  it('jti: a non-empty string of at most 256 characters', () => {
    expect(() => assertTokenId({ jti: 'abc' })).not.toThrow();
    for (const jti of [undefined, '', 7, 'x'.repeat(257)]) refused(() => assertTokenId({ jti } as JWTPayload));
  });
});
