import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Auth0Config } from '../config/app-config.js';

const CALLBACK_ROUTE = '/callback';

/**
 * When AUTH0_CALLBACK_URL names another path (an Auth0 application registered with, say,
 * /auth/callback), requests to it are routed to the callback handler. Undefined when the
 * callback is the default /callback.
 */
export function callbackPathAlias({ callbackPath }: Auth0Config): RequestHandler | undefined {
  if (callbackPath === CALLBACK_ROUTE) return undefined;
  return (request: Request, _response: Response, next: NextFunction) => {
    if (request.path === callbackPath) {
      const queryStart = request.url.indexOf('?');
      request.url = CALLBACK_ROUTE + (queryStart === -1 ? '' : request.url.slice(queryStart));
    }
    next();
  };
}
