import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { toSameOriginPath } from './same-origin-path.js';

/**
 * Development only: a page opened at another host name than BASE_URL's (127.0.0.1 vs localhost)
 * would start a login whose cookie the callback on BASE_URL never sees. Sending the browser to
 * the same path on BASE_URL first, before a session exists, makes that login work. In production
 * the proxy in front decides which host names reach the app.
 */
export function createCanonicalOriginMiddleware(baseUrl: string): RequestHandler {
  const canonicalHost = new URL(baseUrl).host;
  return (request: Request, response: Response, next: NextFunction) => {
    const pageRequest = request.method === 'GET' || request.method === 'HEAD';
    if (!pageRequest || request.headers.host === canonicalHost) return next();
    const path = toSameOriginPath(request.originalUrl) ?? '/';
    response.redirect(302, `${baseUrl}${path}`);
  };
}
