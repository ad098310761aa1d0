import { Controller, Get, Render, Req } from '@nestjs/common';
import type { Request } from 'express';
import { CurrentUser } from '../auth/decorators/current-user.decorator.js';
import type { SessionUser } from '../auth/session-user.js';
import { pageLocals, type PageLocals } from '../common/page-locals.js';
import type { AppConfig } from '../config/app-config.js';
import { InjectAppConfig } from '../config/config.module.js';
import { sessionTimes } from '../session/session-times.js';
import { TokenService } from '../tokens/token.service.js';
import { membershipOf } from '../users/membership.js';
import { type AccessTokenCard, accessTokenCard } from './access-token-card.js';
import { type MembershipCard, membershipCard } from './membership-card.js';
import { sessionCard, type SessionCard } from './session-card.js';

interface DashboardLocals extends PageLocals {
  profileJson: string;
  session?: SessionCard;
  membership?: MembershipCard;
  accessToken?: AccessTokenCard;
}

/** Guarded by the app-wide SessionGuard: no @Public(), so only logged-in users get here. */
@Controller('dashboard')
export class DashboardController {
  constructor(
    @InjectAppConfig() private readonly config: AppConfig,
    private readonly tokens: TokenService,
  ) {}

  @Get()
  @Render('dashboard')
  async show(@CurrentUser() user: SessionUser, @Req() request: Request): Promise<DashboardLocals> {
    const times = sessionTimes(request.session, this.config.session);
    const membership = membershipOf(user);
    return {
      ...pageLocals('Dashboard', user),
      profileJson: JSON.stringify(user.claims, null, 2),
      session: times && sessionCard(times, this.config.session),
      membership: membership && membershipCard(membership),
      accessToken: await this.accessTokenCard(request),
    };
  }

  /** With an API configured, through the token service: viewing the dashboard renews a token about to expire. */
  private async accessTokenCard(request: Request): Promise<AccessTokenCard | undefined> {
    const { audience } = this.config.auth0;
    if (audience === undefined) return undefined;
    return accessTokenCard({ ...(await this.tokens.summary(request)), audience });
  }
}
