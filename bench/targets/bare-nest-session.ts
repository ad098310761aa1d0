import 'reflect-metadata';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { Controller, Get, Module, Render, Req, Res } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Request, RequestHandler, Response } from 'express';
import type { Store } from 'express-session';
import hbs from 'hbs';
import { BENCH_USER } from './bench-user.js';
import { dashboardLocals, type DashboardLocals } from './dashboard-locals.js';
import { PARTIALS_DIR, REPO_ROOT, VIEWS_DIR } from './paths.js';

/**
 * A rung between the bare ceiling and our app: bare NestJS plus the app's own session layer, as
 * the app builds it (its compiled Sessions middleware: express-session with the app's cookie policy
 * on its SQLite store, TouchThrottle included), and the user read from the session. Nothing else:
 * no helmet, request log, guards or page work. Our dashboard against this rung is what the app
 * adds beyond the session; this rung against bare Nest is what the session costs.
 */

// The app's compiled modules (dist/), loaded at run time: the bench's own build does not compile src/.
interface SessionConfig {
  idleTimeoutSeconds: number;
}
interface AppModules {
  parseAppConfig: (environment: Record<string, string | undefined>) => { session: SessionConfig };
  createSqliteStorage: (path: string) => unknown;
  createSessionStore: (storage: unknown, config: SessionConfig) => Promise<Store>;
  Sessions: new (
    storage: unknown,
    store: Store,
    config: SessionConfig,
  ) => { middleware: RequestHandler; start(req: Request, res: Response): Promise<void> };
}

async function appModules(): Promise<AppModules> {
  const load = async (path: string): Promise<Record<string, unknown>> =>
    (await import(pathToFileURL(join(REPO_ROOT, 'dist', path)).href)) as Record<string, unknown>;
  return {
    ...(await load('config/app-config.js')),
    ...(await load('storage/sqlite-storage.js')),
    ...(await load('session/session-store.factory.js')),
    ...(await load('session/sessions.js')),
  } as unknown as AppModules;
}

const { parseAppConfig, createSqliteStorage, createSessionStore, Sessions } = await appModules();
const config = parseAppConfig(JSON.parse(process.env.BENCH_APP_ENVIRONMENT ?? '{}') as Record<string, string>);
const storage = createSqliteStorage(process.env.BENCH_SQLITE_PATH ?? '');
const sessions = new Sessions(storage, await createSessionStore(storage, config.session), config.session);
const locals = dashboardLocals({ ...BENCH_USER });

/** What the app's session holds after a login (src/session/session-data.ts declares it for the app's own build). */
interface LoggedInSession {
  passport?: { user?: unknown };
  authenticatedAt?: number;
}

const sessionOf = (request: Request): LoggedInSession => ((request as Partial<Request>).session ?? {}) as LoggedInSession;

@Controller()
class SessionRungController {
  /** Puts the bench user in a new session, as a login would, and answers with its cookie. */
  @Get('login')
  async logIn(@Req() request: Request, @Res() response: Response): Promise<void> {
    await sessions.start(request, response);
    sessionOf(request).passport = {
      user: { id: BENCH_USER.sub, name: BENCH_USER.name, email: BENCH_USER.email, picture: BENCH_USER.picture, claims: { ...BENCH_USER } },
    };
    sessionOf(request).authenticatedAt = Date.now();
    response.status(204).end();
  }

  @Get('dashboard')
  @Render('dashboard')
  show(@Req() request: Request): DashboardLocals {
    if (sessionOf(request).passport?.user === undefined) throw new Error('no logged-in session');
    return locals;
  }
}

@Module({ controllers: [SessionRungController] })
class SessionRungModule {}

const app = await NestFactory.create<NestExpressApplication>(SessionRungModule, { logger: false, bodyParser: false });
app.use(sessions.middleware);
app.setBaseViewsDir(VIEWS_DIR);
app.setViewEngine('hbs');
app.set('view cache', true);
await promisify(hbs.registerPartials.bind(hbs))(PARTIALS_DIR);
await app.listen(Number(process.env.PORT), '127.0.0.1');
