/**
 * Why a call to the identity provider failed. The status is what the browser gets:
 * 502 when the IdP answered wrongly, 504 when it did not answer in time.
 */
export type IdpFailure =
  'timeout' | 'unreachable' | 'redirected' | 'http-status' | 'too-large' | 'not-json' | 'bad-shape' | 'oauth-error' | 'client-rejected';

export class IdpCallError extends Error {
  constructor(
    readonly failure: IdpFailure,
    readonly endpoint: string,
    message: string,
    /** The OAuth `error` code when the IdP sent one (RFC 6749 §5.2); never shown to users raw. */
    readonly oauthError?: string,
  ) {
    super(message);
    this.name = 'IdpCallError';
  }

  get status(): 502 | 504 {
    return this.failure === 'timeout' ? 504 : 502;
  }
}
