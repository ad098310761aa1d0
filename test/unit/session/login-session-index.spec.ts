import { describe, expect, it } from 'vitest';
import { endsLogin } from '../../../src/session/login-session-index.js';

describe('which sessions a back-channel logout ends (Back-Channel Logout 1.0 §2.7)', () => {
  const alice = { subject: 'alice', idpSessionId: 's1' };
  const aliceElsewhere = { subject: 'alice', idpSessionId: 's2' };
  const aliceBeforeSid = { subject: 'alice', idpSessionId: undefined };
  const bob = { subject: 'bob', idpSessionId: 's3' };
  const anonymous = { subject: undefined, idpSessionId: undefined };

  it('sid: the sessions of that IdP login only', () => {
    expect([alice, aliceElsewhere, aliceBeforeSid, bob, anonymous].map((login) => endsLogin({ sid: 's1' }, login))).toEqual([
      true,
      false,
      false,
      false,
      false,
    ]);
  });

  it('sub: every session of that user', () => {
    expect([alice, aliceElsewhere, aliceBeforeSid, bob, anonymous].map((login) => endsLogin({ sub: 'alice' }, login))).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
  });

  it('sub and sid: that login, plus the user’s sessions saved before sids were kept', () => {
    expect([alice, aliceElsewhere, aliceBeforeSid, bob, anonymous].map((login) => endsLogin({ sub: 'alice', sid: 's1' }, login))).toEqual([
      true,
      false,
      true,
      false,
      false,
    ]);
  });

  it('neither: nothing', () => {
    expect([alice, aliceBeforeSid, anonymous].some((login) => endsLogin({}, login))).toBe(false);
  });
});
