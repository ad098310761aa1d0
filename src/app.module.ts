import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import type { DestinationStream } from 'pino';
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
import { IdpModule } from './idp/idp.module.js';
import { InvoicesModule } from './invoices/invoices.module.js';
import { LoggingModule } from './logging/logging.module.js';
import { SessionModule } from './session/session.module.js';
import { TokensModule } from './tokens/tokens.module.js';

// The feature modules; `nest g module` adds new ones to this list.
@Module({
  imports: [HomeModule, DashboardModule, HealthModule, AdminModule, InvoicesModule, BackchannelModule],
})
export class AppModule {
  /**
   * `environment` replaces process.env and .env (tests boot several differently configured apps);
   * `logDestination` replaces stdout for the logs.
   */
  static async forRoot(environment?: RawEnvironment, logDestination?: DestinationStream): Promise<DynamicModule> {
    // Validated before Nest starts, so a ConfigValidationError reaches main.ts instead of Nest's stack-trace log.
    const config = await AppConfigModule.forRoot(environment);
    return {
      module: AppModule,
      // AuthorizationModule after AuthModule: its guard and middleware need the session's user first.
      imports: [config, LoggingModule.forRoot(logDestination), SessionModule, IdpModule, AuthModule, AuthorizationModule, TokensModule],
      providers: [{ provide: APP_FILTER, useClass: ErrorPageFilter }],
    };
  }
}
