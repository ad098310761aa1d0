import { type LoginParameter, matching } from './login-parameter.js';

/**
 * The email Auth0 fills in on its login page (OIDC Core 3.1.2.1). An address is at most 254
 * characters (RFC 5321 §4.5.3.1.3); control characters are never part of one.
 */
export const loginHint: LoginParameter = matching('login_hint', 254, /^\P{Cc}+$/u, 'text without control characters');
