import { Global, Inject, type MiddlewareConsumer, Module, type NestModule, type OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { SESSION_STORE, type SessionStoreHandle } from './session-store.js';
import { createSessionStore } from './session-store.factory.js';
import { SESSION_STARTER } from './session-starter.js';
import { createSessionMiddleware, type SessionMiddleware } from './session.middleware.js';

/** Routes that must answer without touching the session store (or reading a cookie). */
export const SESSIONLESS_ROUTES = ['healthz', 'backchannel-logout'];

// Global so its middleware is mounted before that of feature modules (Nest mounts global modules first).
@Global()
@Module({
  providers: [
    {
      provide: SESSION_STORE,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => createSessionStore(config.session),
    },
    {
      provide: SESSION_STARTER,
      inject: [APP_CONFIG, SESSION_STORE],
      useFactory: (config: AppConfig, store: SessionStoreHandle) => createSessionMiddleware(config.session, store),
    },
  ],
  exports: [SESSION_STORE, SESSION_STARTER],
})
export class SessionModule implements NestModule, OnApplicationShutdown {
  constructor(
    @Inject(SESSION_STORE) private readonly store: SessionStoreHandle,
    @Inject(SESSION_STARTER) private readonly sessions: SessionMiddleware,
  ) {}

  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(this.sessions.handle)
      .exclude(...SESSIONLESS_ROUTES)
      .forRoutes('*');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
