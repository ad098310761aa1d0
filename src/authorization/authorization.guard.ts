import { type CanActivate, type ExecutionContext, ForbiddenException, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { loginRequired } from '../auth/login-required.js';
import type { AppConfig } from '../config/app-config.js';
import { InjectAppConfig } from '../config/config.module.js';
import { stringListClaim } from '../common/string-list-claim.js';
import { logSecurityEvent } from '../logging/security-events.js';
import type { ClaimCheck, Claims } from './claim-checks.js';
import { CLAIM_CHECKS_KEY } from './require-claims.decorator.js';
import { ROLES_KEY } from './roles.decorator.js';

/**
 * Registered app-wide after SessionGuard: enforces @Roles and @RequireClaims from the user the
 * session holds, read again on every request (a new login in the same browser brings its own
 * roles). Requirements on the controller and on the handler both apply; a route without any
 * passes. A logged-in user who fails them gets a 403, which the error filter renders.
 */
@Injectable()
export class AuthorizationGuard implements CanActivate {
  private readonly logger = new Logger('Authorization');

  constructor(
    private readonly reflector: Reflector,
    @InjectAppConfig() private readonly config: AppConfig,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getClass(), context.getHandler()];
    // Each @Roles is one requirement: any one of its roles satisfies it.
    const roleRequirements = targets.flatMap((target) => this.reflector.get<string[][] | undefined>(ROLES_KEY, target) ?? []);
    const claimChecks = targets.flatMap((target) => this.reflector.get<ClaimCheck[] | undefined>(CLAIM_CHECKS_KEY, target) ?? []);
    if (roleRequirements.length === 0 && claimChecks.length === 0) return true;

    const request = context.switchToHttp().getRequest<Request>();
    const { user } = request;
    // Requirements imply a login, even on a route also marked @Public().
    if (!user) throw loginRequired(request);

    const roles = stringListClaim(user.claims, this.config.auth0.rolesClaim);
    const hasRoles = roleRequirements.every((anyOf) => anyOf.some((role) => roles.includes(role)));
    if (hasRoles && claimChecks.every((check) => this.passes(check, user.claims))) return true;

    logSecurityEvent({ event: 'access_denied', sub: user.id, path: request.path });
    throw new ForbiddenException();
  }

  /** A check that throws (a claim of an unexpected shape) refuses rather than crashing the request. */
  private passes(check: ClaimCheck, claims: Claims): boolean {
    try {
      return check(claims) === true;
    } catch (error) {
      this.logger.warn({ event: 'claim_check_failed', error: error instanceof Error ? error.message : String(error) });
      return false;
    }
  }
}
