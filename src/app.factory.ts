import { join } from 'node:path';
import { promisify } from 'node:util';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import hbs from 'hbs';
import { Logger } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { applyRequestPipeline, registerLoginHooks } from './app.pipeline.js';
import { AppModule } from './app.module.js';
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
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(options.environment, options.logDestination), {
    // Boot messages wait for pino (and LOG_LEVEL) instead of going to the console.
    bufferLogs: true,
    abortOnError: false,
    // The request pipeline parses bodies itself, only for the methods that carry one (app.pipeline.ts).
    bodyParser: false,
  });
  const config = app.get<AppConfig>(APP_CONFIG);
  app.useLogger(config.env === 'development' ? new QuietBootLogger(app.get(Logger)) : app.get(Logger));
  configureExpress(app, config);
  applyRequestPipeline(app, PROJECT_ROOT);
  registerLoginHooks(app);
  await useViews(app, config);
  return app;
}

function configureExpress(app: NestExpressApplication, config: AppConfig): void {
  app.set('trust proxy', config.trustProxy);
  if (config.trustProxy === true) {
    app
      .get(Logger)
      .warn(
        'TRUST_PROXY=true believes X-Forwarded-For from anyone, so clients can choose their own IP (rate limit, logs). ' +
          'Set the number of proxy hops (e.g. 1) or the proxy addresses instead.',
      );
  }
  // An ETag is a SHA-1 of every page, for revalidating a cache that no-store forbids.
  app.set('etag', false);
}

/** Handlebars views from views/, with the partials in views/partials/ (tests that render pages set them up the same way). */
export async function useViews(app: NestExpressApplication, config: AppConfig): Promise<void> {
  app.setBaseViewsDir(join(PROJECT_ROOT, 'views'));
  app.setViewEngine('hbs');
  // Express caches compiled templates only when NODE_ENV=production; only development edits them.
  app.set('view cache', config.env !== 'development');
  await promisify(hbs.registerPartials.bind(hbs))(join(PROJECT_ROOT, 'views', 'partials'));
}
