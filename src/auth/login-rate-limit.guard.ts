import { type ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import type { Request } from 'express';
import { logSecurityEvent } from '../logging/security-events.js';

/** The throttler of /login and /callback, which also logs each refusal as a security event. */
@Injectable()
export class LoginRateLimitGuard extends ThrottlerGuard {
  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    logSecurityEvent({ event: 'rate_limited', path: context.switchToHttp().getRequest<Request>().path });
    await super.throwThrottlingException(context, detail);
  }
}
