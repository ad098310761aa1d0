import { type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AUTH_PASSPORT, type AuthPassport } from './auth-passport.js';
import { Auth0Guard } from './auth0.guard.js';
import { LoginStartService } from './login-start.service.js';

/** GET /login: checks the query, starts a login transaction and lets passport-auth0 redirect to the IdP's /authorize. */
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
    await this.authenticate(context, await this.logins.prepare(http.getRequest<Request>(), http.getResponse<Response>()));
    return true;
  }
}
