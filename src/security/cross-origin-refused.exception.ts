import { UserFacingException } from '../errors/user-facing.exception.js';

/** A form or script of another site tried to change something here: a 403 page (or 403 JSON). */
export class CrossOriginRefusedException extends UserFacingException {
  constructor() {
    super({
      status: 403,
      heading: 'This request came from another website',
      message:
        'For your safety, forms and scripts of other websites cannot make changes here. Go back to this site and try again from its own page.',
      retryUrl: '/',
      retryLabel: 'Go to the home page',
    });
    this.name = 'CrossOriginRefusedException';
  }
}
