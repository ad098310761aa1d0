import { type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AUTH_PASSPORT, type AuthPassport } from './auth-passport.js';
import { Auth0Guard } from './auth0.guard.js';
import { LoginCallbackService } from './login-callback.service.js';

/** GET /callback: checks the authorization response, lets passport-auth0 exchange the code and verify the login, starts the session. */
@Injectable()
export class Auth0CallbackGuard extends Auth0Guard {
  constructor(
    @Inject(AUTH_PASSPORT) passport: AuthPassport,
    private readonly callbacks: LoginCallbackService,
  ) {
    super(passport);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const [request, response] = [http.getRequest<Request>(), http.getResponse<Response>()];
    await this.callbacks.prepare(request, response);
    const user = await this.authenticate(context, this.callbacks.authenticateOptions())
      .then((verified) => this.callbacks.meetsLoginRequest(request, verified))
      .catch((error: unknown) => this.callbacks.failed(request, error));
    await this.callbacks.startSession(request, response, user, () => this.logIn(request, user));
    return true;
  }
}
