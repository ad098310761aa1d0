import { appendMetadata } from './append-metadata.js';

export const ROLES_KEY = 'authorization:roles';

/**
 * Only users holding at least one of `roles` (in the AUTH0_ROLES_CLAIM claim) may open the route.
 * Each @Roles is one requirement: stacked, or on a controller and on one of its handlers, all apply.
 */
export const Roles = (...roles: [string, ...string[]]) => appendMetadata<readonly string[]>(ROLES_KEY, [roles]);
