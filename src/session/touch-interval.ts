import type { SessionConfig } from '../config/app-config.js';

/**
 * How far a rolling session's expiry may lag behind: the store pushes it back, and the browser
 * gets a fresh cookie, at most once per interval instead of on every request. A minute, or a
 * tenth of the idle timeout when that is shorter; the session then ends up to that much early,
 * never late.
 */
export function touchIntervalSeconds(config: SessionConfig): number {
  return Math.min(60, config.idleTimeoutSeconds / 10);
}
