import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { IS_PUBLIC_KEY } from './decorators/public.decorator.js';
import { loginRequired } from './login-required.js';

/**
 * Registered app-wide (APP_GUARD): every route needs a login session unless marked @Public(),
 * so a module added later is protected by default. Browsers are sent to log in and brought back;
 * API clients get a 401.
 */
@Injectable()
export class SessionGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;

    const request = context.switchToHttp().getRequest<Request>();
    if (request.user) return true;
    throw loginRequired(request);
  }
}
