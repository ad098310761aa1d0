import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { pageLocals } from '../common/page-locals.js';
import { toSameOriginPath } from '../common/same-origin-path.js';
import { isBrowserNavigation } from './browser-navigation.js';
import { expectedFailure, recordExpectedFailure } from './expected-failure.js';
import { RedirectException } from './redirect.exception.js';
import { UserFacingException, type UserFacingPage } from './user-facing.exception.js';

type GenericPage = Omit<UserFacingPage, 'status'>;

const GENERIC_PAGES: Record<number, GenericPage> = {
  400: { heading: 'That request could not be handled', message: 'The address or form was not in a shape we understand.' },
  401: { heading: 'Please log in', message: 'You need to log in to see this page.', retryUrl: '/login', retryLabel: 'Log in' },
  403: {
    heading: 'You don’t have access to this page',
    message: 'Your account is not allowed to open it. Ask an administrator for access, or log out and log in with another account.',
  },
  404: { heading: 'Page not found', message: 'There is nothing at this address.' },
  405: { heading: 'That request could not be handled', message: 'This page does not accept that kind of request.' },
  413: { heading: 'That request was too large', message: 'The form you sent is larger than we accept.' },
  414: { heading: 'That address is too long', message: 'The address you followed is longer than we accept.' },
  431: {
    heading: 'Your request was too large',
    message: 'Your browser sent more cookie data than we accept. Clear this site’s cookies and try again.',
  },
  429: { heading: 'Too many attempts', message: 'You tried that too often in a short time. Wait a minute, then try again.', retryUrl: '/login' },
};
const INTERNAL_ERROR: GenericPage = {
  heading: 'Something went wrong',
  message: 'An unexpected error stopped this page. Please try again in a moment.',
};
// Served if rendering the error page itself fails: static, so it cannot fail in turn.
const LAST_RESORT_PAGE = '<!doctype html><html lang="en"><title>Error</title><h1>Something went wrong</h1><p><a href="/">Home</a></p></html>';

/**
 * Every error becomes an escaped error page (or JSON for API clients) with the right status:
 * never a stack trace, never anything from the request or the IdP echoed back (ASVS 5.0 16.5.1).
 */
@Catch()
export class ErrorPageFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const context = host.switchToHttp();
    const request = context.getRequest<Request>();
    const response = context.getResponse<Response>();
    if (response.headersSent) {
      response.end();
      return;
    }
    if (exception instanceof RedirectException) {
      response.redirect(HttpStatus.FOUND, exception.location);
      return;
    }

    const page = this.describe(exception, request, response);
    response.status(page.status);
    if (exception instanceof UserFacingException && exception.wwwAuthenticate !== undefined) {
      response.setHeader('WWW-Authenticate', exception.wwwAuthenticate);
    }
    if (!isBrowserNavigation(request)) {
      response.json({ statusCode: page.status, error: page.heading, message: page.message });
      return;
    }
    const locals = {
      ...pageLocals(page.heading, request.user),
      ...page,
      // Any 403 (a role, a claim check, a permission) names the account in use: the fix is often another one.
      showAccount: page.status === 403 && Boolean(request.user),
    };
    response.render('error', locals, (renderError: Error | null, html?: string) => {
      if (renderError) this.logger.error({ event: 'error_page_render_failed', error: renderError.message });
      response.type('html').send(renderError ? LAST_RESORT_PAGE : html);
    });
  }

  private describe(exception: unknown, request: Request, response: Response): UserFacingPage {
    if (exception instanceof UserFacingException) {
      const status = exception.getStatus();
      if (status >= 500 && exception.logReason !== false) {
        recordExpectedFailure(response, expectedFailure('unavailable', exception.logReason ?? exception.name, exception.cause));
      }
      return {
        status,
        heading: exception.heading,
        message: exception.userMessage,
        retryUrl: exception.retryUrl ?? retryHere(request),
        retryLabel: exception.retryLabel,
      };
    }
    if (exception instanceof ThrottlerException) return { status: 429, ...GENERIC_PAGES[429] };
    const status = statusOf(exception);
    if (status >= 500) {
      this.logger.error({
        event: 'unhandled_error',
        path: request.path,
        error: exception instanceof Error ? exception.stack : String(exception),
      });
    }
    return { status, ...(GENERIC_PAGES[status] ?? (status < 500 ? GENERIC_PAGES[400] : INTERNAL_ERROR)) };
  }
}

/** Nest's HttpExceptions carry a status; Express/body-parser errors carry `status` or `statusCode`. */
function statusOf(exception: unknown): number {
  if (exception instanceof HttpException) return exception.getStatus();
  if (typeof exception === 'object' && exception !== null) {
    const { status, statusCode } = exception as { status?: unknown; statusCode?: unknown };
    const candidate = typeof status === 'number' ? status : statusCode;
    if (typeof candidate === 'number' && candidate >= 400 && candidate < 600) return candidate;
  }
  return 500;
}

/**
 * "Try again" on a plain GET page goes back to it. Never with a query string: it may carry a
 * one-time code or state, which must not land in a page (ASVS 5.0 10.1.1).
 */
function retryHere(request: Request): string | undefined {
  if (request.method !== 'GET' || request.originalUrl.includes('?')) return undefined;
  return toSameOriginPath(request.originalUrl);
}
