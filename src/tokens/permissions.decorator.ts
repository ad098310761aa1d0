import { applyDecorators, UseGuards } from '@nestjs/common';
import { appendMetadata } from '../authorization/append-metadata.js';
import { PERMISSIONS_KEY, PermissionsGuard } from './permissions.guard.js';

/**
 * Only users whose access token for AUTH0_AUDIENCE grants every one of `permissions` (Auth0 RBAC)
 * may open the route; others get the 403 page. Stacked, or on a controller and on a handler, all apply.
 */
export const Permissions = (...permissions: [string, ...string[]]) =>
  applyDecorators(appendMetadata<string>(PERMISSIONS_KEY, permissions), UseGuards(PermissionsGuard));
