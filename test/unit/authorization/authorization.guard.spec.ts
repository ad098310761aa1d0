import { Controller, ForbiddenException, Get, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host.js';
import express, { type Request } from 'express';
import { describe, expect, it } from 'vitest';
import { Public } from '../../../src/auth/decorators/public.decorator.js';
import type { SessionUser } from '../../../src/auth/session-user.js';
import { AuthorizationGuard } from '../../../src/authorization/authorization.guard.js';
import { claimEquals } from '../../../src/authorization/claim-checks.js';
import { RequireClaims } from '../../../src/authorization/require-claims.decorator.js';
import { Roles } from '../../../src/authorization/roles.decorator.js';
import { parseAppConfig } from '../../../src/config/app-config.js';
import { RedirectException } from '../../../src/errors/redirect.exception.js';

const ROLES_CLAIM = 'https://app.example/roles';

@Controller('reports')
@Roles('staff', 'admin')
class StaffReportsController {
  @Get()
  list(this: void): void {}

  @Roles('auditor')
  @Get('audit')
  audit(this: void): void {}

  @RequireClaims(claimEquals('email_verified', true))
  @Get('mail')
  mail(this: void): void {}

  @Roles('auditor')
  @Roles('finance')
  @RequireClaims(claimEquals('email_verified', true))
  @RequireClaims(claimEquals('mfa', true))
  @Get('ledger')
  ledger(this: void): void {}
}

@Controller('open')
class OpenController {
  @Get()
  open(this: void): void {}

  @Public()
  @Roles('admin')
  @Get('contradiction')
  contradiction(this: void): void {}

  @RequireClaims(() => {
    throw new TypeError('claims.org is undefined');
  })
  @Get('broken')
  broken(this: void): void {}
}

function userWith(claims: Record<string, unknown>): SessionUser {
  return { id: 'auth0|someone', name: 'Someone', claims };
}

function contextFor(user: SessionUser | undefined, controller: new () => object, handler: (...args: never[]) => unknown, accept = 'text/html') {
  const request = Object.create(express.request) as Request;
  Object.assign(request, { method: 'GET', originalUrl: '/x', url: '/x', headers: { accept }, user });
  const context = new ExecutionContextHost([request, {}, () => undefined], controller, handler);
  context.setType('http');
  return context;
}

const guard = new AuthorizationGuard(new Reflector(), parseAppConfig({ AUTH0_ROLES_CLAIM: ROLES_CLAIM }));
const proto = StaffReportsController.prototype;
const open = OpenController.prototype;

describe('AuthorizationGuard', () => {
  it('lets through a route without requirements, logged in or not', () => {
    expect(guard.canActivate(contextFor(undefined, OpenController, open.open))).toBe(true);
    expect(guard.canActivate(contextFor(userWith({}), OpenController, open.open))).toBe(true);
  });

  it('allows a user holding any one of the listed roles, and refuses the others with a 403', () => {
    expect(guard.canActivate(contextFor(userWith({ [ROLES_CLAIM]: ['admin'] }), StaffReportsController, proto.list))).toBe(true);
    expect(guard.canActivate(contextFor(userWith({ [ROLES_CLAIM]: ['staff'] }), StaffReportsController, proto.list))).toBe(true);
    expect(() => guard.canActivate(contextFor(userWith({ [ROLES_CLAIM]: ['viewer'] }), StaffReportsController, proto.list))).toThrow(
      ForbiddenException,
    );
    expect(() => guard.canActivate(contextFor(userWith({ roles: ['admin'] }), StaffReportsController, proto.list))).toThrow(ForbiddenException);
  });

  it('applies the controller’s roles and the handler’s together', () => {
    const auditor = userWith({ [ROLES_CLAIM]: ['auditor'] });
    const staffAuditor = userWith({ [ROLES_CLAIM]: ['staff', 'auditor'] });
    expect(() => guard.canActivate(contextFor(auditor, StaffReportsController, proto.audit))).toThrow(ForbiddenException);
    expect(() => guard.canActivate(contextFor(userWith({ [ROLES_CLAIM]: ['staff'] }), StaffReportsController, proto.audit))).toThrow(
      ForbiddenException,
    );
    expect(guard.canActivate(contextFor(staffAuditor, StaffReportsController, proto.audit))).toBe(true);
  });

  it('applies claim checks on top of the controller’s roles', () => {
    const staff = { [ROLES_CLAIM]: ['staff'] };
    expect(guard.canActivate(contextFor(userWith({ ...staff, email_verified: true }), StaffReportsController, proto.mail))).toBe(true);
    expect(() => guard.canActivate(contextFor(userWith({ ...staff, email_verified: false }), StaffReportsController, proto.mail))).toThrow(
      ForbiddenException,
    );
    expect(() => guard.canActivate(contextFor(userWith({ email_verified: true }), StaffReportsController, proto.mail))).toThrow(
      ForbiddenException,
    );
  });

  it('applies every stacked @Roles and @RequireClaims, none replacing another', () => {
    const everything = { [ROLES_CLAIM]: ['staff', 'auditor', 'finance'], email_verified: true, mfa: true };
    expect(guard.canActivate(contextFor(userWith(everything), StaffReportsController, proto.ledger))).toBe(true);
    for (const missing of [
      { [ROLES_CLAIM]: ['staff', 'auditor'] },
      { [ROLES_CLAIM]: ['staff', 'finance'] },
      { email_verified: false },
      { mfa: false },
    ]) {
      expect(() => guard.canActivate(contextFor(userWith({ ...everything, ...missing }), StaffReportsController, proto.ledger))).toThrow(
        ForbiddenException,
      );
    }
  });

  it('refuses (403) when a claim check throws, rather than failing the request', () => {
    expect(() => guard.canActivate(contextFor(userWith({}), OpenController, open.broken))).toThrow(ForbiddenException);
  });

  it('sends an anonymous request for a route with requirements to log in, even one marked @Public()', () => {
    expect(() => guard.canActivate(contextFor(undefined, OpenController, open.contradiction))).toThrow(RedirectException);
    expect(() => guard.canActivate(contextFor(undefined, OpenController, open.contradiction, 'application/json'))).toThrow(
      UnauthorizedException,
    );
  });
});
