import { HttpException } from '@nestjs/common';

export interface UserFacingPage {
  status: number;
  /** A short plain sentence: what happened. */
  heading: string;
  /** A sentence the user can act on. Never technical detail, never request or IdP text. */
  message: string;
  retryUrl?: string;
  retryLabel?: string;
}

export interface UserFacingOptions {
  /** What failed underneath (the store's or the IdP's error): its message goes to the log, never to the page. */
  cause?: unknown;
  /**
   * The reason code the request's log line gives for a 5xx (the class name when unset); `false`
   * when the code that handles the failure writes a line of its own.
   */
  logReason?: string | false;
  /** The challenge a 401 answers with (RFC 9110 §11.6.1), e.g. RFC 9470's insufficient_user_authentication. */
  wwwAuthenticate?: string;
}

/**
 * An error whose page is written for the person who hit it. Feature modules extend it; the
 * error filter renders it without knowing which module it came from.
 */
export class UserFacingException extends HttpException {
  readonly heading: string;
  readonly userMessage: string;
  readonly retryUrl: string | undefined;
  readonly retryLabel: string | undefined;
  readonly logReason: string | false | undefined;
  readonly wwwAuthenticate: string | undefined;

  constructor(page: UserFacingPage, options: UserFacingOptions = {}) {
    super(page.heading, page.status, { cause: options.cause });
    this.heading = page.heading;
    this.userMessage = page.message;
    this.retryUrl = page.retryUrl;
    this.retryLabel = page.retryLabel;
    this.logReason = options.logReason;
    this.wwwAuthenticate = options.wwwAuthenticate;
  }
}
