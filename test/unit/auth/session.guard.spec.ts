import { Controller, Get, HttpStatus, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host.js';
import express, { type Request, type Response } from 'express';
import passport from 'passport';
import { describe, expect, it } from 'vitest';
import { Public } from '../../../src/auth/decorators/public.decorator.js';
import { SessionGuard } from '../../../src/auth/session.guard.js';
import { RedirectException } from '../../../src/errors/redirect.exception.js';

@Controller('reports')
class GuardedController {
  @Get()
  list(this: void): void {}

  @Public()
  @Get('public')
  open(this: void): void {}
}

@Public()
@Controller()
class PublicController {
  @Get()
  home(this: void): void {}
}

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

interface RequestShape {
  originalUrl: string;
  url?: string;
  accept?: string;
  user?: { id: string; name: string };
}

/**
 * A request the way the guard meets it in the app: Express's request prototype (real `accepts`)
 * with passport's initialize middleware applied (real `isAuthenticated`).
 */
function incomingRequest(shape: RequestShape): Request {
  const request = Object.create(express.request) as Request;
  Object.assign(request, {
    method: 'GET',
    originalUrl: shape.originalUrl,
    url: shape.url ?? shape.originalUrl,
    headers: shape.accept === undefined ? {} : { accept: shape.accept },
    user: shape.user,
  });
  passport.initialize()(request, {} as Response, () => undefined);
  return request;
}

function contextFor(request: Request, controller: new () => object, handler: (...args: never[]) => unknown): ExecutionContextHost {
  const context = new ExecutionContextHost([request, {}, () => undefined], controller, handler);
  context.setType('http');
  return context;
}

const guard = new SessionGuard(new Reflector());
const guardedRoute = (shape: RequestShape): ExecutionContextHost =>
  contextFor(incomingRequest(shape), GuardedController, GuardedController.prototype.list);

/** The redirect the guard answers with, or a failure when it answered anything else. */
function redirectFrom(context: ExecutionContextHost): string {
  try {
    guard.canActivate(context);
  } catch (error) {
    expect(error).toBeInstanceOf(RedirectException);
    expect((error as RedirectException).getStatus()).toBe(HttpStatus.FOUND);
    return (error as RedirectException).location;
  }
  throw new Error('expected a redirect, the guard let the request through');
}

describe('SessionGuard', () => {
  describe('lets through', () => {
    it('an anonymous request to a @Public() handler', () => {
      const request = incomingRequest({ originalUrl: '/reports/public', accept: BROWSER_ACCEPT });
      expect(guard.canActivate(contextFor(request, GuardedController, GuardedController.prototype.open))).toBe(true);
    });

    it('an anonymous request to a handler of a @Public() controller', () => {
      const request = incomingRequest({ originalUrl: '/', accept: BROWSER_ACCEPT });
      expect(guard.canActivate(contextFor(request, PublicController, PublicController.prototype.home))).toBe(true);
    });

    it('an authenticated request to a guarded route', () => {
      const context = guardedRoute({ originalUrl: '/reports', accept: BROWSER_ACCEPT, user: { id: 'auth0|1', name: 'Ada' } });
      expect(guard.canActivate(context)).toBe(true);
    });
  });

  describe('an anonymous browser (HTML) request to a guarded route', () => {
    it('is sent to log in and brought back to the page it asked for', () => {
      expect(redirectFrom(guardedRoute({ originalUrl: '/reports', accept: BROWSER_ACCEPT }))).toBe('/login?returnTo=%2Freports');
    });

    it('keeps the query string, encoded as one returnTo value', () => {
      expect(redirectFrom(guardedRoute({ originalUrl: '/reports?year=2024&q=a', accept: BROWSER_ACCEPT }))).toBe(
        '/login?returnTo=%2Freports%3Fyear%3D2024%26q%3Da',
      );
    });

    it('uses the full original URL, not the part below a mount point', () => {
      expect(redirectFrom(guardedRoute({ originalUrl: '/reports/42', url: '/42', accept: BROWSER_ACCEPT }))).toBe(
        '/login?returnTo=%2Freports%2F42',
      );
    });

    it.each(['*/*', undefined])('treats Accept %j as a browser', (accept) => {
      expect(redirectFrom(guardedRoute({ originalUrl: '/reports', accept }))).toBe('/login?returnTo=%2Freports');
    });
  });

  describe('a hostile request target (attack case G1, raw "GET //evil.test")', () => {
    it.each(['//evil.test', '//evil.test/reports', '/\\evil.test', '/%2F%2Fevil.test', '/%09/evil.test'])(
      '%j redirects to plain /login with no returnTo',
      (originalUrl) => {
        expect(redirectFrom(guardedRoute({ originalUrl, accept: BROWSER_ACCEPT }))).toBe('/login');
      },
    );
  });

  describe('an anonymous API (JSON-only) request to a guarded route', () => {
    it.each(['application/json', 'application/json, text/plain;q=0.5', 'application/json, text/html;q=0.1'])(
      'gets a 401 for Accept %j',
      (accept) => {
        const context = guardedRoute({ originalUrl: '/reports', accept });
        expect(() => guard.canActivate(context)).toThrow(UnauthorizedException);
      },
    );

    it('is not redirected', () => {
      const context = guardedRoute({ originalUrl: '/reports', accept: 'application/json' });
      expect(() => guard.canActivate(context)).not.toThrow(RedirectException);
    });
  });
});
