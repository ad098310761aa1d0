import 'reflect-metadata';
import { promisify } from 'node:util';
import { Controller, Get, Module, Render } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import hbs from 'hbs';
import { BENCH_USER } from './bench-user.js';
import { dashboardLocals, type DashboardLocals } from './dashboard-locals.js';
import { PARTIALS_DIR, VIEWS_DIR } from './paths.js';

/**
 * The ceiling: the same template and locals from NestJS with nothing else on the request path
 * (no session, passport, helmet or request logging).
 */
@Controller()
class BareDashboardController {
  private readonly locals = dashboardLocals({ ...BENCH_USER });

  @Get('dashboard')
  @Render('dashboard')
  show(): DashboardLocals {
    return this.locals;
  }
}

@Module({ controllers: [BareDashboardController] })
class BareModule {}

const app = await NestFactory.create<NestExpressApplication>(BareModule, { logger: false });
app.setBaseViewsDir(VIEWS_DIR);
app.setViewEngine('hbs');
await promisify(hbs.registerPartials.bind(hbs))(PARTIALS_DIR);
await app.listen(Number(process.env.PORT), '127.0.0.1');
