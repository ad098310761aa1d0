import { Controller, Get, Render } from '@nestjs/common';
import { CurrentUser } from '../auth/decorators/current-user.decorator.js';
import type { SessionUser } from '../auth/session-user.js';
import { pageLocals, type PageLocals } from '../common/page-locals.js';

interface DashboardLocals extends PageLocals {
  profileJson: string;
}

/** Guarded by the app-wide SessionGuard: no @Public(), so only logged-in users get here. */
@Controller('dashboard')
export class DashboardController {
  @Get()
  @Render('dashboard')
  show(@CurrentUser() user: SessionUser): DashboardLocals {
    return { ...pageLocals('Dashboard', user), profileJson: JSON.stringify(user.claims, null, 2) };
  }
}
