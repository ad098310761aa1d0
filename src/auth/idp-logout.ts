import type { AppConfig } from '../config/app-config.js';

/** Where the browser goes to end the IdP session after the app's own ended: back to BASE_URL/, fixed by configuration (G2). */
export function idpLogoutUrl({ auth0, baseUrl }: Pick<AppConfig, 'auth0' | 'baseUrl'>): URL {
  const url = new URL(auth0.logoutUrl);
  url.searchParams.set('client_id', auth0.clientId);
  url.searchParams.set('returnTo', `${baseUrl}/`);
  return url;
}
