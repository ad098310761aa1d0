import type { AccessTokenSummary } from '../tokens/token.service.js';
import { type DisplayTime, displayTime } from '../common/display-time.js';

/** What the dashboard shows of the access token: where it may be used and until when, never the token. */
export interface AccessTokenCard {
  audience: string;
  scopes: string;
  permissions: readonly string[];
  expiresAt: DisplayTime | undefined;
  refreshable: boolean;
}

export function accessTokenCard(summary: AccessTokenSummary & { audience: string }): AccessTokenCard {
  return {
    audience: summary.audience,
    scopes: summary.scopes.join(' '),
    permissions: summary.permissions,
    expiresAt: summary.expiresAt && displayTime(summary.expiresAt),
    refreshable: summary.refreshable,
  };
}
