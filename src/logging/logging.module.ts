import { type DynamicModule, Module } from '@nestjs/common';
import { LoggerModule, type Params } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { Options } from 'pino-http';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { RequestLogMiddleware } from './request-log.middleware.js';

/**
 * Structured JSON logs (pino through nestjs-pino, whose module is global: every module logs): every
 * `new Logger()` in the app lands in one stream, with the request's id when it logs during a
 * request, and RequestLogMiddleware writes one line per request.
 */
@Module({})
export class LoggingModule {
  /** `destination` replaces stdout; tests pass a stream to read what was logged. */
  static forRoot(destination?: DestinationStream): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig): Params => ({
            pinoHttp: destination === undefined ? loggerOptions(config) : [loggerOptions(config), destination],
            // The request pipeline (app.pipeline.ts) logs requests with RequestLogMiddleware, in its declared place.
            forRoutes: [],
          }),
        }),
      ],
      providers: [RequestLogMiddleware],
      exports: [RequestLogMiddleware],
    };
  }
}

function loggerOptions(config: AppConfig): Options {
  return {
    level: config.logLevel,
    // Lines carry `req` and `res` as the plain allow-listed objects RequestLogMiddleware builds, never raw requests.
    wrapSerializers: false,
    serializers: { req: asIs, res: asIs },
    // JSON lines are for machines; a developer running `npm start` reads the pretty form.
    transport: config.env === 'development' ? { target: 'pino-pretty', options: { ignore: 'pid,hostname', singleLine: true } } : undefined,
  };
}

function asIs<T>(value: T): T {
  return value;
}
