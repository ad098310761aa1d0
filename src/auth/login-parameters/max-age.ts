import { type LoginParameter, matching } from './login-parameter.js';

/**
 * Seconds since the user last authenticated at the IdP, at most (OIDC Core 3.1.2.1): a
 * non-negative integer, 0 meaning "now". Nine digits (31 years) keep it an exact number.
 */
export const maxAge: LoginParameter = matching('max_age', 9, /^\d+$/, 'a non-negative whole number of seconds');
