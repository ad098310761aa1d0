import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { expectedFailure, recordExpectedFailure } from '../errors/expected-failure.js';
import { IdpCallError } from '../idp/idp-errors.js';
import { logSecurityEvent } from '../logging/security-events.js';
import { StorageUnavailableError } from '../storage/storage.js';
import { LogoutTokenRejectedError } from './logout-token-rejected.error.js';

/**
 * The caller is Auth0's server, not a browser: JSON, no page. A refused token gets a bare 400
 * `invalid_request` (OpenID Connect Back-Channel Logout 1.0 §2.8) with the reason in the log
 * only; a JWKS or session store that cannot be reached is a 503, so the failure shows in
 * Auth0's logs instead of passing for a bad token. A request an app-wide guard refused (a browser
 * form of another site, CrossOriginGuard) keeps its 4xx status.
 */
@Catch()
export class BackchannelLogoutErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('BackchannelLogout');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (exception instanceof LogoutTokenRejectedError) {
      logSecurityEvent({ event: 'backchannel_logout', outcome: 'refused', reason: exception.message });
      response.status(400).json({ error: 'invalid_request' });
    } else if (exception instanceof IdpCallError || exception instanceof StorageUnavailableError) {
      const reason = exception instanceof IdpCallError ? `idp-${exception.failure}` : 'session-store-unavailable';
      recordExpectedFailure(response, expectedFailure('backchannel_logout_unavailable', reason, exception.cause ?? exception.message));
      response.status(503).json({ error: 'temporarily_unavailable' });
    } else if (exception instanceof HttpException && exception.getStatus() < 500) {
      response.status(exception.getStatus()).json({ error: 'invalid_request' });
    } else {
      this.logger.error({ event: 'unhandled_error', error: exception instanceof Error ? exception.stack : String(exception) });
      response.status(500).json({ error: 'server_error' });
    }
  }
}
