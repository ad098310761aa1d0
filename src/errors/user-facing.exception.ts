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

/**
 * An error whose page is written for the person who hit it. Feature modules extend it; the
 * error filter renders it without knowing which module it came from.
 */
export class UserFacingException extends HttpException {
  readonly heading: string;
  readonly userMessage: string;
  readonly retryUrl: string | undefined;
  readonly retryLabel: string | undefined;

  constructor(page: UserFacingPage, options?: { cause?: unknown }) {
    super(page.heading, page.status, options);
    this.heading = page.heading;
    this.userMessage = page.message;
    this.retryUrl = page.retryUrl;
    this.retryLabel = page.retryLabel;
  }
}
