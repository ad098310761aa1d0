import { Controller, Get, Render } from '@nestjs/common';
import { CurrentUser } from '../auth/decorators/current-user.decorator.js';
import { Public } from '../auth/decorators/public.decorator.js';
import type { SessionUser } from '../auth/session-user.js';
import { pageLocals, type PageLocals } from '../common/page-locals.js';

@Public()
@Controller()
export class HomeController {
  @Get()
  @Render('home')
  show(@CurrentUser() user: SessionUser | undefined): PageLocals {
    return pageLocals('Home', user);
  }
}
