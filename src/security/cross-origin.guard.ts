import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { AppConfig } from '../config/app-config.js';
import { InjectAppConfig } from '../config/config.module.js';
import { logSecurityEvent } from '../logging/security-events.js';
import { ALLOW_CROSS_ORIGIN_KEY } from './allow-cross-origin.decorator.js';
import { crossOriginRefusal, isSafeMethod } from './cross-origin-rules.js';
import { CrossOriginRefusedException } from './cross-origin-refused.exception.js';

// A refused request's header goes to the log; the rest of an oversized value tells nothing more.
const MAX_LOGGED_HEADER_LENGTH = 200;

/**
 * Registered app-wide (APP_GUARD), first: an unsafe request (POST, PUT, PATCH, DELETE) that a page
 * of another site sent is refused with a 403 before any other guard or the handler runs, on every
 * route, public ones included, unless marked @AllowCrossOrigin(). SameSite=Lax keeps the session
 * cookie from cross-site forms in current browsers, but not from a sibling subdomain or another
 * port (same-site), nor in older browsers (ASVS 5.0 3.5.1-3.5.3). No token goes through the forms:
 * the browser's own headers tell where a request comes from (cross-origin-rules.ts).
 */
@Injectable()
export class CrossOriginGuard implements CanActivate {
  private readonly appOrigin: string;

  constructor(
    private readonly reflector: Reflector,
    @InjectAppConfig() config: AppConfig,
  ) {
    this.appOrigin = new URL(config.baseUrl).origin;
  }

  canActivate(context: ExecutionContext): boolean {
    const allowed = this.reflector.getAllAndOverride<boolean>(ALLOW_CROSS_ORIGIN_KEY, [context.getHandler(), context.getClass()]);
    const request = context.switchToHttp().getRequest<Request>();
    if (allowed || isSafeMethod(request.method)) return true;
    const refusal = crossOriginRefusal({ fetchSite: request.get('sec-fetch-site'), origin: request.get('origin') }, this.appOrigin);
    if (refusal === undefined) return true;
    logSecurityEvent({
      event: 'cross_origin_refused',
      method: request.method,
      path: request.path,
      ...('fetchSite' in refusal
        ? { fetchSite: refusal.fetchSite.slice(0, MAX_LOGGED_HEADER_LENGTH) }
        : { origin: refusal.origin.slice(0, MAX_LOGGED_HEADER_LENGTH) }),
    });
    throw new CrossOriginRefusedException();
  }
}
