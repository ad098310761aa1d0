import type { Claims } from './types.js';

export const DEFAULT_ACCOUNT: Readonly<Claims> = {
  sub: 'auth0|hostile-user',
  name: 'Hostile User',
  email: 'hostile.user@example.com',
  picture: 'https://example.com/a.png',
  email_verified: true,
};

/** E5: profile claims that execute if a view renders them unescaped or as a link. */
export const XSS_CLAIMS: Readonly<Claims> = {
  name: '<script>alert(1)</script>',
  picture: 'javascript:alert(1)',
  email: '"><svg onload=alert(1)>',
};
