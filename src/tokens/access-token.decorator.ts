import { createParamDecorator, type ExecutionContext, Injectable, type PipeTransform } from '@nestjs/common';
import type { Request } from 'express';
import { TokenService } from './token.service.js';

/** Resolves the request into its access token; a pipe, because Nest awaits pipes and injects their dependencies. */
@Injectable()
export class AccessTokenPipe implements PipeTransform<Request, Promise<string>> {
  constructor(private readonly tokens: TokenService) {}

  transform(request: Request): Promise<string> {
    return this.tokens.getAccessToken(request);
  }
}

const CurrentRequest = createParamDecorator((_data: unknown, context: ExecutionContext): Request =>
  context.switchToHttp().getRequest<Request>(),
);

/**
 * The logged-in user's access token, valid for at least another minute (renewed first when
 * needed): `list(@AccessToken() accessToken: string)`. Never render or log it.
 */
export const AccessToken = (): ParameterDecorator => CurrentRequest(undefined, AccessTokenPipe);
