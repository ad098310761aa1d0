import { isAuth0Organization } from '../../config/auth0-organization.js';
import type { LoginParameter } from './login-parameter.js';

/**
 * The Auth0 organization to log in to, by id or name: what an invitation link carries. The
 * callback then requires the ID token to name it (login-requirements.ts).
 */
export const organization: LoginParameter = {
  name: 'organization',
  problem: (value) => (isAuth0Organization(value) ? undefined : 'must be an organization id (org_…) or name'),
};
