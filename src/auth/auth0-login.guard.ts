import { type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AUTH_PASSPORT, type AuthPassport } from './auth-passport.js';
import { Auth0Guard } from './auth0.guard.js';
import { LoginStartService } from './login-start.service.js';

/** GET /login: starts a login transaction and lets passport-auth0 redirect to the IdP's /authorize. */
@Injectable()
export class Auth0LoginGuard extends Auth0Guard {
  constructor(
    @Inject(AUTH_PASSPORT) passport: AuthPassport,
    private readonly logins: LoginStartService,
  ) {
    super(passport);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    await this.logins.prepare(request, http.getResponse<Response>());
    await this.authenticate(context, this.logins.authenticateOptions(request));
    return true;
  }
}
