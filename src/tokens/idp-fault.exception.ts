import { UserFacingException } from '../errors/user-facing.exception.js';
import type { IdpCallError } from '../idp/idp-errors.js';

/**
 * The IdP failed while the app renewed or checked the user's access token: 504 when it did not
 * answer in time, 502 otherwise. The session is kept, so trying again a moment later works.
 */
export class IdpFaultException extends UserFacingException {
  constructor(readonly failure: IdpCallError) {
    const timedOut = failure.status === 504;
    super(
      {
        status: failure.status,
        heading: timedOut ? 'The sign-in service took too long' : 'The sign-in service is not responding properly',
        message: timedOut
          ? 'We could not renew your access because the sign-in service did not answer in time. You are still logged in: please try again in a moment.'
          : 'We could not renew your access because the sign-in service failed. You are still logged in: please try again in a moment.',
        retryLabel: 'Try again',
      },
      { cause: failure, logReason: `idp-${failure.failure}` },
    );
    this.name = 'IdpFaultException';
  }
}
