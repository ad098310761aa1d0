import { toSameOriginPath } from '../common/same-origin-path.js';

export const DEFAULT_RETURN_TO = '/dashboard';

/** Where to send the user after login: the requested path if it stays on this site, else the dashboard. */
export function safeReturnTo(candidate: unknown): string {
  return toSameOriginPath(candidate) ?? DEFAULT_RETURN_TO;
}
