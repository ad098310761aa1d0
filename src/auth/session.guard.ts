import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { IS_PUBLIC_KEY } from './decorators/public.decorator.js';
import { loginRequired } from './login-required.js';
import { stepUpOf } from './step-up.guard.js';

/**
 * Registered app-wide (APP_GUARD): every route needs a login session unless marked @Public(),
 * so a module added later is protected by default. Browsers are sent to log in and brought back,
 * asking at once for what the route's @RequireRecentLogin or @RequireMfa needs; API clients get a 401.
 */
@Injectable()
export class SessionGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;

    const request = context.switchToHttp().getRequest<Request>();
    if (request.user) return true;
    throw loginRequired(request, stepUpOf(this.reflector, context));
  }
}
