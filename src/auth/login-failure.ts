import { UserFacingException, type UserFacingPage } from '../errors/user-facing.exception.js';
import { IdpCallError } from '../idp/idp-errors.js';
import { tokenRequestCause } from './passport-auth0.adapter.js';

/** Reason codes written to the log for every failed login (never the token, code or cookie). */
export type LoginFailureReason =
  | 'cancelled'
  | 'idp-error-response'
  | 'invalid-callback-parameters'
  | 'invalid-login-parameters'
  | 'issuer-parameter-mismatch'
  | 'state-mismatch'
  | 'code-rejected'
  | 'id-token-rejected'
  | 'userinfo-subject-mismatch'
  | 'organization-mismatch'
  | 'login-not-recent'
  | 'multi-factor-missing'
  | 'client-rejected'
  | 'token-request-refused'
  | 'idp-unavailable'
  | 'idp-timeout'
  | 'idp-bad-response'
  | 'login-hook-failed';

// The token endpoint answered, refusing this app's request: its configuration, nothing the visitor can fix or should see.
const REFUSED_BY_TOKEN_ENDPOINT = {
  status: 500,
  heading: 'We could not log you in',
  message: 'The problem is on our side, not with your account, and it has been logged. Please try again later.',
};

const PAGES: Record<LoginFailureReason, Pick<UserFacingPage, 'status' | 'heading' | 'message'>> = {
  cancelled: { status: 400, heading: 'Login was cancelled', message: 'You cancelled the sign-in. You can try again whenever you are ready.' },
  'idp-error-response': {
    status: 400,
    heading: 'The sign-in service could not log you in',
    message: 'The sign-in service reported a problem with this login. Please try again.',
  },
  'invalid-callback-parameters': {
    status: 400,
    heading: 'This login link is not valid',
    message: 'The address you arrived at is incomplete or malformed. Start the login again.',
  },
  'invalid-login-parameters': {
    status: 400,
    heading: 'This login link is not valid',
    message: 'The address you followed asks for a login this app does not offer. Start the login again from the app.',
  },
  'issuer-parameter-mismatch': {
    status: 400,
    heading: 'This login did not come from our sign-in service',
    message: 'The response names a different sign-in service than the one this app uses. Start the login again.',
  },
  'state-mismatch': {
    status: 400,
    heading: 'Your login request expired',
    message: 'This login was started in another tab, already finished, or took too long. Start the login again.',
  },
  'code-rejected': {
    status: 400,
    heading: 'This login link has already been used',
    message: 'Sign-in links work once and expire quickly. Start the login again.',
  },
  'id-token-rejected': {
    status: 401,
    heading: 'We could not verify your login',
    message: 'The sign-in service sent an identity we could not verify, so you were not logged in. Please try again.',
  },
  'userinfo-subject-mismatch': {
    status: 401,
    heading: 'We could not verify your login',
    message: 'The profile returned by the sign-in service belongs to a different user, so you were not logged in.',
  },
  'organization-mismatch': {
    status: 403,
    heading: 'This login is for another organization',
    message: 'This app accepts logins through its own organization only, so you were not logged in. Log in again and choose that organization.',
  },
  'login-not-recent': {
    status: 401,
    heading: 'We could not confirm a recent login',
    message:
      'This page needs you to have logged in a moment ago, and the sign-in service did not confirm it, so you were not logged in. Please try again.',
  },
  'multi-factor-missing': {
    status: 401,
    heading: 'Your second sign-in step was not confirmed',
    message:
      'This page needs a login with a second step, such as a one-time code, and the sign-in service did not confirm one. Please try again.',
  },
  'client-rejected': REFUSED_BY_TOKEN_ENDPOINT,
  'token-request-refused': REFUSED_BY_TOKEN_ENDPOINT,
  'idp-unavailable': {
    status: 502,
    heading: 'The sign-in service is not responding properly',
    message: 'We could not complete the login because the sign-in service failed. Please try again in a moment.',
  },
  'idp-bad-response': {
    status: 502,
    heading: 'The sign-in service is not responding properly',
    message: 'We could not complete the login because the sign-in service sent an unexpected answer. Please try again in a moment.',
  },
  'login-hook-failed': {
    status: 500,
    heading: 'We could not complete your login',
    message: 'Something went wrong on our side while logging you in, so you were not logged in. Please try again in a moment.',
  },
  'idp-timeout': {
    status: 504,
    heading: 'The sign-in service took too long',
    message: 'We could not complete the login because the sign-in service did not answer in time. Please try again in a moment.',
  },
};

export class LoginFailedException extends UserFacingException {
  /** `detail` is for the log only: it may quote the IdP, so it never reaches the page. */
  constructor(
    readonly reason: LoginFailureReason,
    readonly detail?: string,
    page: Pick<UserFacingPage, 'message' | 'retryUrl'> = { message: PAGES[reason].message, retryUrl: '/login' },
  ) {
    // The login guards log every failed login themselves (login_failed), with the request's context.
    super({ ...PAGES[reason], ...page, retryLabel: 'Try again' }, { logReason: false });
  }

  /**
   * A callback that finds no login transaction often arrived at another host name than the one
   * the login started on (localhost vs 127.0.0.1): the cookie stayed with the other host. The
   * page sends the user back to BASE_URL, where the login works.
   */
  static noLoginTransaction(detail: string, baseUrl: string): LoginFailedException {
    return new LoginFailedException('state-mismatch', detail, {
      message: `${PAGES['state-mismatch'].message} Open the app at ${baseUrl} and log in from there.`,
      retryUrl: `${baseUrl}/login`,
    });
  }

  static fromIdpCall(error: IdpCallError): LoginFailedException {
    if (error.failure === 'oauth-error' && error.oauthError === 'invalid_grant') {
      return new LoginFailedException('code-rejected', error.message);
    }
    if (error.failure === 'client-rejected') return new LoginFailedException('client-rejected', error.message);
    if (error.failure === 'oauth-error') return new LoginFailedException('token-request-refused', error.message);
    if (error.failure === 'timeout') return new LoginFailedException('idp-timeout', error.message);
    if (error.failure === 'unreachable') return new LoginFailedException('idp-unavailable', error.message);
    return new LoginFailedException('idp-bad-response', error.message);
  }

  /** What passport, passport-auth0 and our IdP client throw during a login, as a user-facing failure. */
  static fromError(error: unknown): LoginFailedException {
    if (error instanceof LoginFailedException) return error;
    if (error instanceof IdpCallError) return LoginFailedException.fromIdpCall(error);
    const cause = tokenRequestCause(error);
    if (cause instanceof IdpCallError) return LoginFailedException.fromIdpCall(cause);
    // passport-auth0's claim checks throw plain Errors (and SyntaxErrors for an undecodable token).
    return new LoginFailedException('id-token-rejected', withoutClaimValues(error instanceof Error ? error.message : String(error)));
  }

  /**
   * passport-auth0 fails with the IdP's `error` string; passport-oauth2's only other failure on the
   * callback is the state check (RFC 6749 §10.12).
   */
  static fromFailInfo(info: unknown): LoginFailedException {
    if (info === 'access_denied') return new LoginFailedException('cancelled', 'IdP error response: access_denied');
    if (typeof info === 'string') return new LoginFailedException('idp-error-response', `IdP error response: ${info.slice(0, 64)}`);
    const message = typeof info === 'object' && info !== null && 'message' in info ? String(info.message) : 'authentication failed';
    return new LoginFailedException('state-mismatch', message);
  }
}

/** A login hook of the app refused this account (LOGIN_ALLOWED_EMAIL_DOMAINS, say); the reason is in the log only. */
export class LoginRefusedException extends UserFacingException {
  constructor() {
    super({
      status: 403,
      heading: 'You are not allowed to log in here',
      message: 'Your account is not allowed to use this app. Ask an administrator for access, or log in with another account.',
    });
  }
}

/**
 * passport-auth0 ends its messages with `; expected "<value>", found "<value>"`: the log keeps
 * which rule failed, not the nonce or other claim values (no secrets in logs, ASVS 4.0.3 7.1.1).
 */
function withoutClaimValues(message: string): string {
  return message.split(';')[0] ?? message;
}
