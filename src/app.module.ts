import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import type { DestinationStream } from 'pino';
import { GLOBAL_GUARDS } from './app.pipeline.js';
import { AccountModule } from './account/account.module.js';
import { AdminModule } from './admin/admin.module.js';
import { AuthModule } from './auth/auth.module.js';
import { AuthorizationModule } from './authorization/authorization.module.js';
import { BackchannelModule } from './backchannel/backchannel.module.js';
import { AppConfigModule } from './config/config.module.js';
import type { RawEnvironment } from './config/environment.schema.js';
import { DashboardModule } from './dashboard/dashboard.module.js';
import { ErrorPageFilter } from './errors/error-page.filter.js';
import { HealthModule } from './health/health.module.js';
import { HomeModule } from './home/home.module.js';
import { InvoicesModule } from './invoices/invoices.module.js';
import { LoggingModule } from './logging/logging.module.js';
import { TokensModule } from './tokens/tokens.module.js';
import { UsersModule } from './users/users.module.js';

// The feature modules; `nest g module` adds new ones to this list.
@Module({
  imports: [HomeModule, DashboardModule, HealthModule, AdminModule, InvoicesModule, BackchannelModule, TokensModule, UsersModule, AccountModule],
})
export class AppModule {
  /**
   * `environment` replaces process.env and .env (tests boot several differently configured apps);
   * `logDestination` replaces stdout for the logs.
   */
  static forRoot(environment?: RawEnvironment, logDestination?: DestinationStream): DynamicModule {
    // Validated before Nest starts, so a ConfigValidationError reaches main.ts instead of Nest's stack-trace log.
    const config = AppConfigModule.forRoot(environment);
    return {
      module: AppModule,
      imports: [config, LoggingModule.forRoot(logDestination), AuthModule, AuthorizationModule],
      // Every error becomes an escaped page (or JSON); the app-wide guards in their declared order.
      providers: [{ provide: APP_FILTER, useClass: ErrorPageFilter }, ...GLOBAL_GUARDS],
    };
  }
}
