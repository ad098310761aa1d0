import { describe, expect, it } from 'vitest';
import { expiryOf, TouchThrottle } from '../../../src/session/session-expiry.js';

describe('TouchThrottle', () => {
  it('asks for a touch the first time, then only once the expiry moves by the threshold or more', () => {
    const throttle = new TouchThrottle(60_000);
    expect(throttle.needsTouch('a', 1_000_000)).toBe(true);
    throttle.remember('a', 1_000_000);
    expect(throttle.needsTouch('a', 1_059_999)).toBe(false);
    expect(throttle.needsTouch('a', 1_060_000)).toBe(true);
    expect(throttle.needsTouch('b', 1_000_000), 'another session').toBe(true);
  });

  it('forgets a session, so a new one under the same id is touched', () => {
    const throttle = new TouchThrottle(60_000);
    throttle.remember('a', 1_000_000);
    throttle.forget('a');
    expect(throttle.needsTouch('a', 1_000_001)).toBe(true);
  });

  it('keeps at most ten thousand sessions, forgetting the least recently pushed first', () => {
    const throttle = new TouchThrottle(60_000);
    for (let index = 0; index <= 10_000; index += 1) throttle.remember(`s${index}`, 1_000_000);
    throttle.remember('s1', 1_000_000);
    throttle.remember('one more', 1_000_000);
    expect(throttle.needsTouch('s0', 1_000_000), 'the oldest went').toBe(true);
    expect(throttle.needsTouch('s2', 1_000_000), 'the next oldest went').toBe(true);
    expect(throttle.needsTouch('s1', 1_000_000), 'pushed again, so kept').toBe(false);
  });
});

describe('expiryOf', () => {
  it('is the cookie’s expiry, or the default TTL from now without one', () => {
    expect(expiryOf({ cookie: { originalMaxAge: 1, expires: new Date(5_000) } }, 60)).toBe(5_000);
    const before = Date.now();
    const fallback = expiryOf({ cookie: { originalMaxAge: null } }, 60);
    expect(fallback).toBeGreaterThanOrEqual(before + 60_000);
    expect(fallback).toBeLessThanOrEqual(Date.now() + 60_000);
  });
});
