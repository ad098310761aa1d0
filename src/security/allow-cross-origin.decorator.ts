import { SetMetadata } from '@nestjs/common';

export const ALLOW_CROSS_ORIGIN_KEY = 'allowCrossOrigin';

/**
 * Lets other sites send POST, PUT, PATCH and DELETE to this route (CrossOriginGuard refuses them
 * everywhere else). Only for routes that act on a credential the request carries itself (a signed
 * token, an API key), never on the session cookie a browser adds on its own.
 */
export const AllowCrossOrigin = () => SetMetadata(ALLOW_CROSS_ORIGIN_KEY, true);
