import { SetMetadata } from '@nestjs/common';

export const ROLES_KEY = 'roles';

/**
 * Only users holding at least one of `roles` (in the AUTH0_ROLES_CLAIM claim) may open the route.
 * On a controller and on one of its handlers, both apply.
 */
export const Roles = (...roles: [string, ...string[]]) => SetMetadata(ROLES_KEY, roles);
