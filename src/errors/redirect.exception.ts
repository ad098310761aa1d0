import { HttpException, HttpStatus } from '@nestjs/common';

/** Lets a guard answer with a redirect (e.g. to /login) instead of an error page. */
export class RedirectException extends HttpException {
  constructor(readonly location: string) {
    super('Redirect', HttpStatus.FOUND);
  }
}
