import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { LoginFailedException } from '../auth/login-failure.js';
import { assertSameOriginPath } from '../auth/return-to.js';
import type { SessionUser } from '../auth/session-user.js';
import { pageLocals } from '../common/page-locals.js';
import { SessionStoreUnavailableError } from '../session/session-store.js';
import { wantsHtml } from './content-negotiation.js';
import { RedirectException } from './redirect.exception.js';

interface ErrorPage {
  status: number;
  heading: string;
  message: string;
  retryUrl?: string;
  retryLabel?: string;
}

const GENERIC_PAGES: Record<number, Omit<ErrorPage, 'status'>> = {
  400: { heading: 'That request could not be handled', message: 'The address or form was not in a shape we understand.' },
  401: { heading: 'Please log in', message: 'You need to log in to see this page.', retryUrl: '/login', retryLabel: 'Log in' },
  403: { heading: 'Access denied', message: 'Your account does not have access to this page.' },
  404: { heading: 'Page not found', message: 'There is nothing at this address.' },
  405: { heading: 'That request could not be handled', message: 'This page does not accept that kind of request.' },
  414: { heading: 'That address is too long', message: 'The address you followed is longer than we accept.' },
  431: { heading: 'Your request was too large', message: 'Your browser sent more cookie data than we accept. Clear this site’s cookies and try again.' },
  429: { heading: 'Too many attempts', message: 'You tried that too often in a short time. Wait a minute, then try again.', retryUrl: '/login' },
  503: { heading: 'Temporarily unavailable', message: 'We cannot reach our session storage right now. Please try again in a moment.' },
};
const INTERNAL_ERROR: Omit<ErrorPage, 'status'> = {
  heading: 'Something went wrong',
  message: 'An unexpected error stopped this page. Please try again in a moment.',
};

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

    const page = this.describe(exception, request);
    response.status(page.status);
    if (!wantsHtml(request)) {
      response.json({ statusCode: page.status, error: page.heading, message: page.message });
      return;
    }
    response.render('error', { ...pageLocals(page.heading, request.user as SessionUser | undefined), ...page });
  }

  private describe(exception: unknown, request: Request): ErrorPage {
    if (exception instanceof LoginFailedException) {
      return { status: exception.getStatus(), heading: exception.heading, message: exception.userMessage, retryUrl: '/login', retryLabel: 'Try again' };
    }
    if (exception instanceof SessionStoreUnavailableError) {
      this.logger.error({ event: 'session_store_unavailable', store: exception.storeKind, error: String(exception.cause) });
      return { status: 503, ...GENERIC_PAGES[503], retryUrl: safeRetry(request), retryLabel: 'Try again' };
    }
    if (exception instanceof ThrottlerException) return { status: 429, ...GENERIC_PAGES[429] };
    const status = statusOf(exception);
    if (status >= 500) {
      this.logger.error({ event: 'unhandled_error', path: request.path, error: exception instanceof Error ? exception.stack : String(exception) });
    }
    const generic = GENERIC_PAGES[status] ?? (status < 500 ? GENERIC_PAGES[400] : INTERNAL_ERROR);
    return { status, ...generic };
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

/** Only GET pages are worth a "try again" link, and only to where the user already was. */
function safeRetry(request: Request): string | undefined {
  return request.method === 'GET' ? assertSameOriginPath(request.originalUrl) : undefined;
}
