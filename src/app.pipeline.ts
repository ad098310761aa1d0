import { join } from 'node:path';
import { type Provider, type Type } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import helmet from 'helmet';
import { callbackPathAlias } from './auth/callback-path.js';
import { CurrentUserMiddleware } from './auth/current-user.middleware.js';
import { LoginHooks, type OnLogin, type OnLogout } from './auth/login-hooks.js';
import { SessionGuard } from './auth/session.guard.js';
import { AuthorizationGuard } from './authorization/authorization.guard.js';
import { NavigationLocalsMiddleware } from './authorization/navigation-locals.middleware.js';
import { BACKCHANNEL_LOGOUT_PATH } from './backchannel/backchannel-logout.controller.js';
import { LoginSessionIndexer } from './backchannel/login-session-indexer.js';
import { createCanonicalOriginMiddleware } from './common/canonical-origin.middleware.js';
import type { AppConfig } from './config/app-config.js';
import { APP_CONFIG } from './config/config.module.js';
import { HEALTH_PATH } from './health/health.controller.js';
import { RequestLogMiddleware } from './logging/request-log.middleware.js';
import { CrossOriginGuard } from './security/cross-origin.guard.js';
import { Sessions } from './session/sessions.js';
import { ApiTokenKeeper } from './tokens/api-token-keeper.js';
import { EmailDomainPolicy } from './users/email-domain-policy.js';
import { LoginRecorder } from './users/login-recorder.js';

/*
 * What every request goes through, and what every login and logout runs, each in the one order
 * declared here. Nothing depends on the order in which modules are imported.
 */

// Routes that answer without a session: they never read the cookie or touch the session store.
const SESSIONLESS_PATHS: ReadonlySet<string> = new Set([`/${HEALTH_PATH}`, `/${BACKCHANNEL_LOGOUT_PATH}`]);

/**
 * The Express middleware of every request, top to bottom. After them come Nest's body parsers and
 * router, then GLOBAL_GUARDS, then the route's own guards and handler.
 */
export function applyRequestPipeline(app: NestExpressApplication, projectRoot: string): void {
  const config = app.get<AppConfig>(APP_CONFIG);
  // Security headers on every answer, static files included: CSP, HSTS on https, no sniffing, no referrer.
  app.use(helmet(helmetOptions(config)));
  // Development only: a page opened at another host name than BASE_URL's is sent to BASE_URL first.
  if (config.env === 'development') app.use(createCanonicalOriginMiddleware(config.baseUrl));
  // CSS and images, answered here: no log line, session or user for them.
  app.useStaticAssets(join(projectRoot, 'public'), { prefix: '/static/', maxAge: '1h' });
  // A request id, a logging context that carries it, one line per request.
  app.use(use(app, RequestLogMiddleware));
  app.use(noStore);
  // AUTH0_CALLBACK_URL on another path than /callback is answered by the callback route.
  const callbackAlias = callbackPathAlias(config.auth0);
  if (callbackAlias) app.use(callbackAlias);
  // The session the cookie names (cookie policy, idle timeout), loaded only when there is a cookie.
  app.use(exceptSessionless(app.get(Sessions).middleware));
  // Its user on request.user; a login past the absolute timeout ends here.
  app.use(exceptSessionless(use(app, CurrentUserMiddleware)));
  // The header's links for this user, for every rendered page (error pages included).
  app.use(exceptSessionless(use(app, NavigationLocalsMiddleware)));
  // Nest's own body parsers (JSON and forms, its default limits), for the methods that carry a body:
  // a GET or HEAD walks past them instead of through them.
  app.use(withBodyOnly(express.json()), withBodyOnly(express.urlencoded({ extended: true })));
}

/**
 * The app-wide guards, in the order they run: POST, PUT, PATCH and DELETE from other sites refused
 * on every route not marked @AllowCrossOrigin() (CrossOriginGuard), first, so that nothing runs
 * for them; a login for every route not marked @Public() (SessionGuard); then @Roles and
 * @RequireClaims (AuthorizationGuard). A route's own guards (@Permissions, the login rate limit) run after them.
 */
export const GLOBAL_GUARDS: Provider[] = [
  { provide: APP_GUARD, useClass: CrossOriginGuard },
  { provide: APP_GUARD, useClass: SessionGuard },
  { provide: APP_GUARD, useClass: AuthorizationGuard },
];

/**
 * The login hooks (auth/login-hooks.ts), in the order they run; a module's hook is a provider of
 * its module, listed here. Hooks that refuse come first, so nothing is recorded for a login they
 * stop; LoginRecorder counts a login only once the hooks before it let it through, and what it
 * adds to the user is there for the hooks after it.
 */
export const LOGIN_HOOKS: ReadonlyArray<Type<OnLogin>> = [EmailDomainPolicy, ApiTokenKeeper, LoginSessionIndexer, LoginRecorder];

/** The logout hooks, in the order they run: every way a session ends reaches them. */
export const LOGOUT_HOOKS: ReadonlyArray<Type<OnLogout>> = [ApiTokenKeeper, LoginSessionIndexer];

export function registerLoginHooks(app: NestExpressApplication): void {
  app.get(LoginHooks).register({
    onLogin: LOGIN_HOOKS.map((hook) => app.get(hook)),
    onLogout: LOGOUT_HOOKS.map((hook) => app.get(hook)),
  });
}

/** A middleware provider's `use`, as Express middleware. */
function use(app: NestExpressApplication, middleware: Type<{ use: RequestHandler }>): RequestHandler {
  const instance = app.get(middleware);
  return (request, response, next) => instance.use(request, response, next);
}

const METHODS_WITHOUT_BODY: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

function withBodyOnly(parser: RequestHandler): RequestHandler {
  return (request, response, next) => (METHODS_WITHOUT_BODY.has(request.method) ? next() : parser(request, response, next));
}

function exceptSessionless(middleware: RequestHandler): RequestHandler {
  return (request, response, next) => (SESSIONLESS_PATHS.has(request.path) ? next() : middleware(request, response, next));
}

/**
 * Every page here is per-user, so none may be cached (ASVS 5.0 14.3.2): the back button after
 * logout must not show the dashboard. Static assets are served before this runs.
 */
function noStore(_request: Request, response: Response, next: NextFunction): void {
  response.setHeader('Cache-Control', 'no-store');
  next();
}

function helmetOptions(config: AppConfig): Parameters<typeof helmet>[0] {
  const secure = config.baseUrl.startsWith('https:');
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'https:'],
        // Chrome applies form-action to the redirect after POST /logout, which goes to the IdP.
        formAction: ["'self'", config.auth0.origin],
        frameAncestors: ["'none'"],
        ...(secure ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    // The callback URL carries the code: never leak it (or any page address) to another site (RFC 9700 §4.2.4).
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: secure ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  };
}
