import { join } from 'node:path';
import { promisify } from 'node:util';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import hbs from 'hbs';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AppModule } from './app.module.js';
import { callbackPathAlias } from './auth/callback-path.js';
import { createCanonicalOriginMiddleware } from './common/canonical-origin.middleware.js';
import type { AppConfig } from './config/app-config.js';
import { APP_CONFIG } from './config/config.module.js';
import type { RawEnvironment } from './config/environment.schema.js';
import { QuietBootLogger } from './logging/quiet-boot.logger.js';

const PROJECT_ROOT = join(import.meta.dirname, '..');

export interface CreateAppOptions {
  /** Replaces process.env and .env; used by tests. */
  environment?: RawEnvironment;
  /** Where the JSON log lines go instead of stdout; used by tests. */
  logDestination?: DestinationStream;
}

/** Builds the fully configured app without listening: main.ts and the tests share it. */
export async function createApp(options: CreateAppOptions = {}): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(await AppModule.forRoot(options.environment, options.logDestination), {
    // Boot messages wait for pino (and LOG_LEVEL) instead of going to the console.
    bufferLogs: true,
    abortOnError: false,
  });
  const config = app.get<AppConfig>(APP_CONFIG);
  app.useLogger(config.env === 'development' ? new QuietBootLogger(app.get(Logger)) : app.get(Logger));

  app.set('trust proxy', config.trustProxy);
  if (config.trustProxy === true) {
    app
      .get(Logger)
      .warn(
        'TRUST_PROXY=true believes X-Forwarded-For from anyone, so clients can choose their own IP (rate limit, logs). ' +
          'Set the number of proxy hops (e.g. 1) or the proxy addresses instead.',
      );
  }
  app.use(helmet(helmetOptions(config)));
  if (config.env === 'development') app.use(createCanonicalOriginMiddleware(config.baseUrl));
  app.useStaticAssets(join(PROJECT_ROOT, 'public'), { prefix: '/static/', maxAge: '1h' });
  app.use(noStore);
  // An ETag is a SHA-1 of every page, for revalidating a cache that no-store forbids.
  app.set('etag', false);
  const callbackAlias = callbackPathAlias(config.auth0);
  if (callbackAlias) app.use(callbackAlias);
  app.setBaseViewsDir(join(PROJECT_ROOT, 'views'));
  app.setViewEngine('hbs');
  // Express caches compiled templates only when NODE_ENV=production; only development edits them.
  app.set('view cache', config.env !== 'development');
  await promisify(hbs.registerPartials.bind(hbs))(join(PROJECT_ROOT, 'views', 'partials'));
  return app;
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
