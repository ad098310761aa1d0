import { type CanActivate, type ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { loginRequired } from '../auth/login-required.js';
import { logSecurityEvent } from '../logging/security-events.js';
import { TokenService } from './token.service.js';

export const PERMISSIONS_KEY = 'authorization:permissions';

/**
 * Enforces @Permissions after the app-wide guards: every listed permission must be in the
 * verified access token (TokenService.getPermissions, which renews a token about to expire).
 * A refusal is a 403, rendered like a missing role.
 */
@Injectable()
export class PermissionsGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getClass(), context.getHandler()];
    const required = targets.flatMap((target) => this.reflector.get<string[] | undefined>(PERMISSIONS_KEY, target) ?? []);
    const request = context.switchToHttp().getRequest<Request>();
    const { user } = request;
    if (!user) throw loginRequired(request);
    const granted = await this.tokens.getPermissions(request);
    if (required.every((permission) => granted.includes(permission))) return true;
    logSecurityEvent({ event: 'access_denied', sub: user.id, path: request.path });
    throw new ForbiddenException();
  }
}
