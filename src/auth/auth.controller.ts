import { Controller, Get, Post, Render, Req, Res, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { pageLocals, type PageLocals } from '../common/page-locals.js';
import type { AppConfig } from '../config/app-config.js';
import { InjectAppConfig } from '../config/config.module.js';
import { RedirectException } from '../errors/redirect.exception.js';
import { Sessions } from '../session/sessions.js';
import { StorageUnavailableError } from '../storage/storage.js';
import { Auth0CallbackGuard } from './auth0-callback.guard.js';
import { Auth0LoginGuard } from './auth0-login.guard.js';
import { CurrentUser } from './decorators/current-user.decorator.js';
import { Public } from './decorators/public.decorator.js';
import { idpLoginOf, idpLogoutUrl } from './idp-logout.js';
import { LoginRateLimitGuard } from './login-rate-limit.guard.js';
import { LogoutService } from './logout.service.js';
import { safeReturnTo } from './return-to.js';
import type { SessionUser } from './session-user.js';

@Public()
@Controller()
export class AuthController {
  constructor(
    @InjectAppConfig() private readonly config: AppConfig,
    private readonly sessions: Sessions,
    private readonly logout: LogoutService,
  ) {}

  /** The guard redirects to the IdP's /authorize; this body never runs. */
  @Get('login')
  @UseGuards(LoginRateLimitGuard, Auth0LoginGuard)
  login(): void {}

  /** The guard consumed this callback's login transaction; passport-oauth2 hands back its state as authInfo. */
  @Get('callback')
  @UseGuards(LoginRateLimitGuard, Auth0CallbackGuard)
  callback(@Req() request: Request, @Res() response: Response): void {
    response.redirect(safeReturnTo(request.authInfo?.state?.returnTo));
  }

  @Get('logout')
  @Render('logout')
  confirmLogout(@CurrentUser() user: SessionUser | undefined): PageLocals {
    if (!user) throw new RedirectException('/');
    return pageLocals('Log out', user);
  }

  /**
   * Ends the local session first (the old cookie stops working at once, ASVS 5.0 7.4.1), then
   * ends the IdP session. The return address is fixed by configuration, never taken from the request.
   */
  @Post('logout')
  async logOut(@Req() request: Request, @Res() response: Response): Promise<void> {
    const idpLogin = idpLoginOf((request as Partial<Request>).session);
    if ((request as Partial<Request>).session !== undefined) {
      try {
        await this.logout.endCurrentSession(request, 'logout');
      } catch (error) {
        // Not logged out yet: say so rather than redirect as if it had worked.
        throw error instanceof StorageUnavailableError ? error.retryAt('/logout') : error;
      }
    }
    this.sessions.clearCookie(response);
    response.redirect(idpLogoutUrl(this.config, idpLogin).toString());
  }
}
