import { Controller, HttpCode, Post, Req, UseFilters } from '@nestjs/common';
import type { Request } from 'express';
import { Public } from '../auth/decorators/public.decorator.js';
import { BackchannelLogoutErrorFilter } from './backchannel-logout-error.filter.js';
import { BackchannelLogoutService } from './backchannel-logout.service.js';
import { logoutTokenOf } from './logout-request.js';

/** Auth0's servers post here with no cookie: the pipeline skips the session for it (app.pipeline.ts). */
export const BACKCHANNEL_LOGOUT_PATH = 'backchannel-logout';

/**
 * POST /backchannel-logout: Auth0's server tells the app that a login ended (OpenID Connect
 * Back-Channel Logout 1.0). No session, cookie or CSRF token: the signed logout token is the
 * only credential. Other methods find no route (404).
 */
@Public()
@Controller(BACKCHANNEL_LOGOUT_PATH)
@UseFilters(BackchannelLogoutErrorFilter)
export class BackchannelLogoutController {
  constructor(private readonly backchannel: BackchannelLogoutService) {}

  /** §2.8: 200 with an empty body once the sessions are gone; `Cache-Control: no-store` comes with every answer. */
  @Post()
  @HttpCode(200)
  async logOut(@Req() request: Request): Promise<void> {
    await this.backchannel.logOut(logoutTokenOf(request));
  }
}
