/**
 * A logout token that fails a rule of OpenID Connect Back-Channel Logout 1.0 §2.6. The message
 * names the rule for the log; Auth0 (and anyone else) only ever gets `invalid_request`.
 */
export class LogoutTokenRejectedError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LogoutTokenRejectedError';
  }
}
