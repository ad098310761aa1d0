import { Controller, Get, Render } from '@nestjs/common';
import { CurrentUser } from '../auth/decorators/current-user.decorator.js';
import { RequireMfa } from '../auth/decorators/require-mfa.decorator.js';
import { RequireRecentLogin } from '../auth/decorators/require-recent-login.decorator.js';
import type { SessionUser } from '../auth/session-user.js';
import { pageLocals, type PageLocals } from '../common/page-locals.js';
import { type LoginCard, loginCard } from './login-card.js';

/** Account pages ask for a login made within the last five minutes. */
const ACCOUNT_RECENT_LOGIN_SECONDS = 300;

interface AccountLocals extends PageLocals {
  login: LoginCard;
}

/**
 * The example of step-up: every page here needs a recent login (@RequireRecentLogin), and the
 * security settings a login with multi-factor authentication (@RequireMfa). Either asks the
 * user to log in again and brings them back.
 */
@Controller('account')
@RequireRecentLogin(ACCOUNT_RECENT_LOGIN_SECONDS)
export class AccountController {
  @Get()
  @Render('account')
  show(@CurrentUser() user: SessionUser): AccountLocals {
    return { ...pageLocals('Your account', user), login: loginCard(user, ACCOUNT_RECENT_LOGIN_SECONDS) };
  }

  @Get('security')
  @RequireMfa()
  @Render('account-security')
  security(@CurrentUser() user: SessionUser): AccountLocals {
    return { ...pageLocals('Security', user), login: loginCard(user, ACCOUNT_RECENT_LOGIN_SECONDS) };
  }
}
