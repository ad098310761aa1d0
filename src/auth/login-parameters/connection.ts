import { type LoginParameter, matching } from './login-parameter.js';

/**
 * The Auth0 connection to log in with (`google-oauth2`, an enterprise connection), skipping the
 * choice on Universal Login. Auth0 connection names are letters, digits and inner hyphens, at most 128.
 */
export const connection: LoginParameter = matching(
  'connection',
  128,
  /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/,
  'an Auth0 connection name (letters, digits and hyphens)',
);
