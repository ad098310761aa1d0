import { type LoginParameter, matching } from './login-parameter.js';

/** The ticket of an Auth0 organization invitation (sent with `organization`): an opaque URL-safe id. */
export const invitation: LoginParameter = matching('invitation', 128, /^[A-Za-z0-9_-]+$/, 'an invitation id (letters, digits, - and _)');
