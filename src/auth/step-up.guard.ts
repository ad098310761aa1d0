import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { CLOCK_TOLERANCE_SECONDS } from '../idp/id-token-verifier.js';
import { logSecurityEvent } from '../logging/security-events.js';
import { loginRequired } from './login-required.js';
import { missingStepUp, type StepUp } from './step-up.js';
import { stepUpRequired } from './step-up-required.js';

export const RECENT_LOGIN_KEY = 'auth:recentLogin';
export const MULTI_FACTOR_KEY = 'auth:multiFactor';

/**
 * Enforces @RequireRecentLogin and @RequireMfa after the app-wide guards, on the routes that carry
 * them: the session's login must be recent enough (its `auth_time`) and have used multi-factor (its
 * `amr`). Otherwise one login asks for everything missing at once (RFC 9470; OIDC Core 3.1.2.1
 * `max_age` and `acr_values`), and the callback checks the answer (login-requirements.ts).
 */
@Injectable()
export class StepUpGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    const required = stepUpOf(this.reflector, context);
    const { user } = request;
    if (!user) throw loginRequired(request, required);
    const missing = missingStepUp(user, required, new Date(), CLOCK_TOLERANCE_SECONDS);
    if (missing === undefined) return true;
    logSecurityEvent({ event: 'step_up_required', sub: user.id, path: request.path, ...missing });
    throw stepUpRequired(request, missing);
  }
}

/** What the route's @RequireRecentLogin and @RequireMfa ask; on the controller and on the handler, the stricter applies. */
export function stepUpOf(reflector: Reflector, context: ExecutionContext): StepUp {
  const targets = [context.getClass(), context.getHandler()];
  const maxAges = targets.flatMap((target) => reflector.get<number | undefined>(RECENT_LOGIN_KEY, target) ?? []);
  const multiFactor = targets.some((target) => reflector.get<boolean | undefined>(MULTI_FACTOR_KEY, target) === true);
  return { ...(maxAges.length === 0 ? {} : { maxAge: Math.min(...maxAges) }), ...(multiFactor ? { multiFactor } : {}) };
}
