import type { Session, SessionData } from 'express-session';
import { describe, expect, it } from 'vitest';
import type { SessionConfig } from '../../../src/config/app-config.js';
import { sessionTimes } from '../../../src/session/session-times.js';

const config = { idleTimeoutSeconds: 1_800, absoluteTimeoutSeconds: 28_800 } as SessionConfig;

function sessionWith(data: Partial<SessionData>, expires: Date | null): Session & Partial<SessionData> {
  return { ...data, cookie: { originalMaxAge: 1_800_000, expires } } as Session & Partial<SessionData>;
}

describe('sessionTimes', () => {
  it('is undefined for a session nobody has logged in to', () => {
    expect(sessionTimes(sessionWith({}, new Date()), config)).toBeUndefined();
  });

  it('counts the absolute expiry from the login and takes the idle expiry from the cookie', () => {
    const authenticatedAt = Date.parse('2026-12-02T03:00:00Z');
    const cookieExpires = new Date('2026-12-02T03:40:00Z');
    expect(sessionTimes(sessionWith({ authenticatedAt }, cookieExpires), config)).toEqual({
      loggedInAt: new Date('2026-12-02T03:00:00Z'),
      idleExpiresAt: cookieExpires,
      absoluteExpiresAt: new Date('2026-12-02T11:00:00Z'),
    });
  });

  it('falls back to now plus the idle timeout when the cookie has no expiry', () => {
    const before = Date.now();
    const times = sessionTimes(sessionWith({ authenticatedAt: before }, null), config);
    expect(times?.idleExpiresAt.getTime()).toBeGreaterThanOrEqual(before + 1_800_000);
    expect(times?.idleExpiresAt.getTime()).toBeLessThanOrEqual(Date.now() + 1_800_000);
  });
});
