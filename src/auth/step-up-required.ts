import type { HttpException } from '@nestjs/common';
import type { Request } from 'express';
import { MULTI_FACTOR_POLICY } from '../common/multi-factor-policy.js';
import { toSameOriginPath } from '../common/same-origin-path.js';
import { isBrowserNavigation } from '../errors/browser-navigation.js';
import { RedirectException } from '../errors/redirect.exception.js';
import { UserFacingException } from '../errors/user-facing.exception.js';
import { loginPath } from './login-required.js';
import type { StepUp } from './step-up.js';

function describe(missing: StepUp): string {
  if (missing.multiFactor === true && missing.maxAge !== undefined) return 'A recent login with multi-factor authentication is required';
  return missing.multiFactor === true ? 'A login with multi-factor authentication is required' : 'A more recent login is required';
}

/**
 * RFC 9470 §3: a 401 whose challenge says which authentication would do (`max_age`, `acr_values`),
 * so an API client can start that login itself. Browsers never see it: they are redirected.
 */
export class StepUpRequiredException extends UserFacingException {
  constructor(missing: StepUp) {
    const description = describe(missing);
    const parameters = [
      'error="insufficient_user_authentication"',
      `error_description="${description}"`,
      ...(missing.multiFactor === true ? [`acr_values="${MULTI_FACTOR_POLICY}"`] : []),
      ...(missing.maxAge === undefined ? [] : [`max_age=${missing.maxAge}`]),
    ];
    super(
      { status: 401, heading: description, message: 'Log in again with what the challenge asks for to use this resource.' },
      { wwwAuthenticate: `Bearer ${parameters.join(', ')}` },
    );
  }
}

/** A logged-in request whose login is not enough for the route: browsers log in again and come back; API clients get the challenge. */
export function stepUpRequired(request: Request, missing: StepUp): HttpException {
  if (!isBrowserNavigation(request)) return new StepUpRequiredException(missing);
  return new RedirectException(loginPath(toSameOriginPath(request.originalUrl), missing));
}
