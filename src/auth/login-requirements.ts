import { MULTI_FACTOR_POLICY } from '../common/multi-factor-policy.js';
import { assertAuthenticatedWithin, assertMultiFactor, assertOrganization } from '../idp/id-token-claims.js';
import { CLOCK_TOLERANCE_SECONDS, type IdTokenClaims } from '../idp/id-token-verifier.js';
import type { LoginRequirements } from '../session/session-data.js';
import { LoginFailedException, type LoginFailureReason } from './login-failure.js';
import type { LoginParameters } from './login-parameters/login-parameters.js';

/** What the callback must find in the ID token of a login sent to /authorize with `parameters`. */
export function requirementsOf(parameters: LoginParameters): LoginRequirements {
  return {
    ...(parameters.max_age === undefined ? {} : { maxAge: Number(parameters.max_age) }),
    ...(parameters.acr_values === MULTI_FACTOR_POLICY ? { multiFactor: true } : {}),
    ...(parameters.organization === undefined ? {} : { organization: parameters.organization }),
  };
}

function refuseUnless(reason: LoginFailureReason, check: () => void): void {
  try {
    check();
  } catch (error) {
    throw new LoginFailedException(reason, error instanceof Error ? error.message : String(error));
  }
}

/**
 * A verified ID token must also show what its login asked for: the organization, a recent enough
 * authentication, multi-factor. The IdP may ignore a request parameter; the answer is what counts.
 */
export function assertLoginMeetsRequirements(claims: IdTokenClaims, requirements: LoginRequirements, now: Date): void {
  const { organization, maxAge, multiFactor } = requirements;
  if (organization !== undefined) refuseUnless('organization-mismatch', () => assertOrganization(claims, organization));
  if (maxAge !== undefined) {
    const nowSeconds = Math.floor(now.getTime() / 1000);
    refuseUnless('login-not-recent', () => assertAuthenticatedWithin(claims, maxAge, nowSeconds, CLOCK_TOLERANCE_SECONDS));
  }
  if (multiFactor === true) refuseUnless('multi-factor-missing', () => assertMultiFactor(claims));
}
