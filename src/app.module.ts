import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AuthModule } from './auth/auth.module.js';
import { AppConfigModule } from './config/config.module.js';
import type { RawEnvironment } from './config/environment.schema.js';
import { DashboardModule } from './dashboard/dashboard.module.js';
import { ErrorPageFilter } from './errors/error-page.filter.js';
import { HealthModule } from './health/health.module.js';
import { HomeModule } from './home/home.module.js';
import { SessionModule } from './session/session.module.js';

@Module({})
export class AppModule {
  /** `environment` replaces process.env and .env (tests boot several differently configured apps). */
  static forRoot(environment?: RawEnvironment): DynamicModule {
    return {
      module: AppModule,
      imports: [AppConfigModule.forRoot(environment), SessionModule, AuthModule, HomeModule, DashboardModule, HealthModule],
      providers: [{ provide: APP_FILTER, useClass: ErrorPageFilter }],
    };
  }
}
