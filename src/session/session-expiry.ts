import type { SessionData } from 'express-session';

// Bounds TouchThrottle's memory: the least recently pushed sessions are forgotten first, and their next touch simply goes to the store.
const MAX_REMEMBERED_EXPIRIES = 10_000;

/** When a stored session expires (ms since epoch): its cookie's expiry, or `defaultTtlSeconds` from now without one. */
export function expiryOf(session: SessionData, defaultTtlSeconds: number): number {
  const expires = session.cookie?.expires;
  return expires ? new Date(expires).getTime() : Date.now() + defaultTtlSeconds * 1000;
}

/**
 * The rolling idle expiry moves on every request, by however long ago the previous one was; pushing
 * it to the store each time costs a write (SQLite) or a round trip (Redis) per request. This
 * remembers, per session, the expiry this process last read or wrote, and says whether a new one
 * moves it by at least the threshold (the touch interval). A session can therefore end up to that
 * much early, never late. Each instance throttles on its own: at most one push per instance per interval.
 */
export class TouchThrottle {
  private readonly expiries = new Map<string, number>();

  constructor(private readonly thresholdMs: number) {}

  needsTouch(sid: string, expiresAt: number): boolean {
    const known = this.expiries.get(sid);
    return known === undefined || expiresAt - known >= this.thresholdMs;
  }

  remember(sid: string, expiresAt: number): void {
    this.expiries.delete(sid);
    this.expiries.set(sid, expiresAt);
    if (this.expiries.size > MAX_REMEMBERED_EXPIRIES) {
      const oldest = this.expiries.keys().next().value;
      if (oldest !== undefined) this.expiries.delete(oldest);
    }
  }

  forget(sid: string): void {
    this.expiries.delete(sid);
  }
}
