import { type DynamicModule, Module } from '@nestjs/common';
import { LoggerModule, type Params } from 'nestjs-pino';
import type { DestinationStream, SerializedRequest, SerializedResponse } from 'pino';
import type { Request } from 'express';
import type { Options } from 'pino-http';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { expectedFailureOf } from '../errors/expected-failure.js';

/**
 * Structured JSON logs (pino through nestjs-pino): one line per request, and every `new Logger()`
 * in the app lands in the same stream with the request's id. Nothing secret is written: the
 * request and response are reduced to an allow-list, so cookies, the Authorization header,
 * Set-Cookie and query strings (the callback's code and state) never reach a log (ASVS 4.0.3 7.1.1).
 */
@Module({})
export class LoggingModule {
  /**
   * `destination` replaces stdout; tests pass a stream to read what was logged. Returns
   * nestjs-pino's module itself, so that the app imports it directly: Nest mounts the middleware
   * of global modules in the order it meets them, and the request logger must be bound before
   * the session middleware runs, or the session's log lines would lack the request id.
   */
  static forRoot(destination?: DestinationStream): DynamicModule {
    return LoggerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): Params => {
        const options = httpLoggerOptions(config);
        return { pinoHttp: destination === undefined ? options : [options, destination] };
      },
    });
  }
}

function httpLoggerOptions(config: AppConfig): Options {
  return {
    level: config.logLevel,
    // JSON lines are for machines; a developer running `npm start` reads the pretty form.
    transport: config.env === 'development' ? { target: 'pino-pretty', options: { ignore: 'pid,hostname', singleLine: true } } : undefined,
    // Express's req.ip, so behind a proxy (TRUST_PROXY) the client is logged, not the proxy.
    customProps: (request) => ({ clientIp: (request as Request).ip }),
    // A 5xx is an error whether the app expected it or not: alerts on the level see it.
    customLogLevel: (_request, response, error) => (error !== undefined || response.statusCode >= 500 ? 'error' : 'info'),
    // pino-http makes up an Error for a 5xx without `res.err`, whose stack shows only pino-http. The
    // line says instead what the app answered on purpose; an unexpected error's stack is the error filter's.
    customErrorObject: (_request, response, _error, logged: Record<string, unknown>) => {
      if (response.err !== undefined) return logged;
      const { err: _madeUp, ...line } = logged;
      return { ...line, ...expectedFailureOf(response) };
    },
    serializers: {
      req: (request: SerializedRequest) => ({ id: request.id, method: request.method, path: withoutQuery(request.url) }),
      res: (response: SerializedResponse) => ({ statusCode: response.statusCode }),
    },
  };
}

function withoutQuery(url: string): string {
  const queryStart = url.indexOf('?');
  return queryStart === -1 ? url : url.slice(0, queryStart);
}
