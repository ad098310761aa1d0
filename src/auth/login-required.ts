import { type HttpException, UnauthorizedException } from '@nestjs/common';
import type { Request } from 'express';
import { MULTI_FACTOR_POLICY } from '../common/multi-factor-policy.js';
import { toSameOriginPath } from '../common/same-origin-path.js';
import { isBrowserNavigation } from '../errors/browser-navigation.js';
import { RedirectException } from '../errors/redirect.exception.js';
import type { StepUp } from './step-up.js';

/** GET /login asking for `stepUp` (max_age, acr_values), back to `returnTo` afterwards. */
export function loginPath(returnTo: string | undefined, stepUp: StepUp = {}): string {
  const parameters = [
    ...(stepUp.maxAge === undefined ? [] : [`max_age=${stepUp.maxAge}`]),
    ...(stepUp.multiFactor === true ? [`acr_values=${encodeURIComponent(MULTI_FACTOR_POLICY)}`] : []),
    ...(returnTo === undefined ? [] : [`returnTo=${encodeURIComponent(returnTo)}`]),
  ];
  return parameters.length === 0 ? '/login' : `/login?${parameters.join('&')}`;
}

/**
 * The answer to an anonymous request for a guarded route: browsers go to log in and come back,
 * in one login that already gives what the route's step-up asks for; API clients get a 401.
 */
export function loginRequired(request: Request, stepUp: StepUp = {}): HttpException {
  if (!isBrowserNavigation(request)) return new UnauthorizedException('Log in to access this resource.');
  return new RedirectException(loginPath(toSameOriginPath(request.originalUrl), stepUp));
}
