import { describe, expect, it } from 'vitest';
import { OneTimeCodes } from '../../../src/local-idp/one-time-codes.js';

describe('the local sign-in server one-time codes', () => {
  it('gives each sign-in its own six-digit code, which passes once', () => {
    const codes = new OneTimeCodes();
    const code = codes.start('uid-1', 'auth0|a');
    expect(code).toMatch(/^\d{6}$/);
    expect(codes.codeFor('uid-1')).toBe(code);
    expect(codes.codeFor('uid-2')).toBeUndefined();
    expect(codes.check('uid-1', ` ${code} `)).toEqual({ passed: true, accountId: 'auth0|a' });
    expect(codes.check('uid-1', code)).toEqual({ passed: false, exhausted: true });
  });

  it('ends the sign-in after five wrong codes', () => {
    const codes = new OneTimeCodes();
    const code = codes.start('uid', 'auth0|a');
    const wrong = code === '000000' ? '111111' : '000000';
    for (let attempt = 1; attempt < 5; attempt += 1) expect(codes.check('uid', wrong)).toEqual({ passed: false, exhausted: false });
    expect(codes.check('uid', wrong)).toEqual({ passed: false, exhausted: true });
    expect(codes.check('uid', code)).toEqual({ passed: false, exhausted: true });
  });

  it('forgets a code after ten minutes', () => {
    let now = 0;
    const codes = new OneTimeCodes(() => now);
    const code = codes.start('uid', 'auth0|a');
    now = 10 * 60_000;
    expect(codes.codeFor('uid')).toBeUndefined();
    expect(codes.check('uid', code)).toEqual({ passed: false, exhausted: true });
  });
});
