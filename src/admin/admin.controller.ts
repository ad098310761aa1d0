import { Controller, Get, Render } from '@nestjs/common';
import { CurrentUser } from '../auth/decorators/current-user.decorator.js';
import type { SessionUser } from '../auth/session-user.js';
import { Roles } from '../authorization/roles.decorator.js';
import { pageLocals, type PageLocals } from '../common/page-locals.js';
import { AdminService } from './admin.service.js';

interface AdminLocals extends PageLocals {
  sessionStore: { kind: string; sessionCount: string };
}

/** Behind the app-wide SessionGuard (login) and @Roles (the admin role from AUTH0_ROLES_CLAIM). */
@Controller('admin')
@Roles('admin')
export class AdminController {
  constructor(private readonly admin: AdminService) {}

  @Get()
  @Render('admin')
  async show(@CurrentUser() user: SessionUser): Promise<AdminLocals> {
    const count = await this.admin.sessionCount();
    return {
      ...pageLocals('Admin', user),
      sessionStore: { kind: this.admin.storeKind, sessionCount: count === undefined ? 'not available' : String(count) },
    };
  }
}
