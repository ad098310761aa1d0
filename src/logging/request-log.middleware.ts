import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { PinoLogger } from 'nestjs-pino';
import { expectedFailureOf } from '../errors/expected-failure.js';

let lastRequestId = 0;

/** A request target's path: the query string may carry a one-time code or state, which no log line may hold. */
function pathOf(url: string): string {
  const queryStart = url.indexOf('?');
  return queryStart === -1 ? url : url.slice(0, queryStart);
}

/**
 * The first step of every request: gives it an id, runs the rest of it in a logging context whose
 * lines all carry `req: { id, method, path }` (nestjs-pino), and writes one line when the response
 * is sent: status, duration, client IP (Express's req.ip, so behind a proxy it follows TRUST_PROXY)
 * and the user's `sub` when logged in. An allow-list, never a header: no cookie, token, query or
 * Set-Cookie reaches a log (ASVS 4.0.3 7.1.1). A 5xx is an `error` line, alerts on the level see it.
 */
@Injectable()
export class RequestLogMiddleware implements NestMiddleware {
  constructor(private readonly logger: PinoLogger) {}

  use(request: Request, response: Response, next: NextFunction): void {
    const started = performance.now();
    lastRequestId = (lastRequestId + 1) % Number.MAX_SAFE_INTEGER;
    const req = { id: lastRequestId, method: request.method, path: pathOf(request.originalUrl) };
    response.once('finish', () => {
      const line = {
        req,
        clientIp: request.ip,
        sub: request.user?.id,
        res: { statusCode: response.statusCode },
        responseTime: Math.round(performance.now() - started),
        // A 5xx the app answered on purpose (the store or the IdP down): what failed, in this one line.
        ...expectedFailureOf(response),
      };
      if (response.statusCode >= 500) PinoLogger.root.error(line, 'request completed');
      else PinoLogger.root.info(line, 'request completed');
    });
    this.logger.runInContext(next, { bindings: { req } });
  }
}
