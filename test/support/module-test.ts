import { type DynamicModule, type ForwardReference, type Type } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import type { NextFunction, Request, Response } from 'express';
import request from 'supertest';
import { useViews } from '../../src/app.factory.js';
import { GLOBAL_GUARDS } from '../../src/app.pipeline.js';
import type { SessionUser } from '../../src/auth/session-user.js';
import { AuthorizationModule } from '../../src/authorization/authorization.module.js';
import { NavigationLocalsMiddleware } from '../../src/authorization/navigation-locals.middleware.js';
import type { AppConfig } from '../../src/config/app-config.js';
import { APP_CONFIG, AppConfigModule } from '../../src/config/config.module.js';
import { DEFAULT_ROLES_CLAIM, type RawEnvironment } from '../../src/config/environment.schema.js';
import { ErrorPageFilter } from '../../src/errors/error-page.filter.js';
import { LoggingModule } from '../../src/logging/logging.module.js';
import { testEnvironment } from './environment.js';

type ModuleImport = Type | DynamicModule | Promise<DynamicModule> | ForwardReference;

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** supertest requests (`.get(path).expect(200)`), all from one visitor. */
export type VisitorRequests = Record<(typeof METHODS)[number], (path: string) => request.Test>;

export interface ModuleTest {
  /** Requests from `user`, or from an anonymous visitor without one. */
  as(user?: SessionUser): VisitorRequests;
  app: NestExpressApplication;
  close(): Promise<void>;
}

// Which user a request comes from, for the in-process app only: the login round trip is what it skips.
const AS_USER_HEADER = 'x-module-test-user';
// A module test makes no login, so nothing ever calls the IdP; the configuration only needs one.
const NO_IDP = { origin: 'http://127.0.0.1:9', clientId: 'module-test-client', clientSecret: 'module-test-client-secret' };

/**
 * Your feature module(s) in-process, through Nest's `Test.createTestingModule`, with the app's real
 * app-wide guards (SessionGuard, AuthorizationGuard), error pages, views and header navigation, and
 * `request.user` set to the SessionUser you name per request instead of a login:
 *
 *   const reports = await startModuleTest([ReportsModule]);
 *   await reports.as(testUser({ roles: ['admin'] })).get('/reports/costs').expect(200);
 *   await reports.as().get('/reports').expect(302);
 *
 * For the whole flow (the real login against the local sign-in server) use startAppWithLocalIdp and loggedInClient.
 */
export async function startModuleTest(imports: ModuleImport[], environment: RawEnvironment = {}): Promise<ModuleTest> {
  const moduleRef = await Test.createTestingModule({
    imports: [AppConfigModule.forRoot(testEnvironment(0, NO_IDP, environment)), LoggingModule.forRoot(), AuthorizationModule, ...imports],
    providers: [{ provide: APP_FILTER, useClass: ErrorPageFilter }, ...GLOBAL_GUARDS],
  }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ logger: false });
  const users: SessionUser[] = [];
  app.use((req: Request, _res: Response, next: NextFunction) => {
    const key = req.headers[AS_USER_HEADER];
    req.user = typeof key === 'string' ? users[Number(key)] : undefined;
    next();
  });
  const navigation = app.get(NavigationLocalsMiddleware);
  app.use((req: Request, res: Response, next: NextFunction) => navigation.use(req, res, next));
  await useViews(app, app.get<AppConfig>(APP_CONFIG));
  await app.init();
  const server = app.getHttpServer();
  return {
    app,
    as(user) {
      const agent = request(server);
      const key = user === undefined ? undefined : String(users.push(user) - 1);
      const requests = METHODS.map((method) => {
        const send = (path: string): request.Test => {
          const test = agent[method](path);
          return key === undefined ? test : test.set(AS_USER_HEADER, key);
        };
        return [method, send] as const;
      });
      return Object.fromEntries(requests) as VisitorRequests;
    },
    close: () => app.close(),
  };
}

/** A SessionUser for module tests: Test User, verified email, with `roles` under the default roles claim. */
export function testUser(options: { id?: string; roles?: string[]; claims?: Record<string, unknown> } = {}): SessionUser {
  const id = options.id ?? 'auth0|module-test-user';
  return {
    id,
    name: 'Test User',
    email: 'user@example.com',
    claims: {
      sub: id,
      name: 'Test User',
      email: 'user@example.com',
      email_verified: true,
      [DEFAULT_ROLES_CLAIM]: options.roles ?? [],
      ...options.claims,
    },
  };
}
