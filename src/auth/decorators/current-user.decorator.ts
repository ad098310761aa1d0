import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { SessionUser } from '../session-user.js';

/** The logged-in user on a guarded route (undefined on a public one when anonymous). */
export const CurrentUser = createParamDecorator(
  // passport sets `req.user = null` after a failed login; callers only need to test for undefined.
  (_data: unknown, context: ExecutionContext): SessionUser | undefined => context.switchToHttp().getRequest<Request>().user ?? undefined,
);
