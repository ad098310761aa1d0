import { appendMetadata } from './append-metadata.js';
import type { ClaimCheck } from './claim-checks.js';

export const CLAIM_CHECKS_KEY = 'authorization:claimChecks';

/**
 * Only users whose claims pass every check may open the route, e.g.
 * `@RequireClaims(claimEquals('email_verified', true))` or
 * `@RequireClaims((claims) => typeof claims.email === 'string' && claims.email.endsWith('@your.company'))`.
 * Stacked, or on a controller and on one of its handlers, all checks apply.
 */
export const RequireClaims = (...checks: [ClaimCheck, ...ClaimCheck[]]) => appendMetadata(CLAIM_CHECKS_KEY, checks);
