import { Global, Inject, type MiddlewareConsumer, Module, type NestModule, type OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG, InjectAppConfig } from '../config/config.module.js';
import { SESSION_STORE, type SessionStoreHandle } from './session-store.js';
import { createSessionStore } from './session-store.factory.js';
import { createAbsoluteTimeoutMiddleware } from './absolute-timeout.middleware.js';
import { createSessionMiddleware } from './session.middleware.js';

/** Routes that must answer without touching the session store. */
export const SESSIONLESS_ROUTES = ['healthz'];

// Global so its middleware is mounted before that of feature modules (Nest mounts global modules first).
@Global()
@Module({
  providers: [
    {
      provide: SESSION_STORE,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => createSessionStore(config.session),
    },
  ],
  exports: [SESSION_STORE],
})
export class SessionModule implements NestModule, OnApplicationShutdown {
  constructor(
    @InjectAppConfig() private readonly config: AppConfig,
    @Inject(SESSION_STORE) private readonly store: SessionStoreHandle,
  ) {}

  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(createSessionMiddleware(this.config.session, this.store), createAbsoluteTimeoutMiddleware(this.config.session))
      .exclude(...SESSIONLESS_ROUTES)
      .forRoutes('*');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
