import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Provider, Session } from 'oidc-provider';
import { sendBackchannelLogouts } from './backchannel-logout.js';
import { sendHtml, sendRedirect } from './http-io.js';
import type { LocalIdpClient } from './local-idp.server.js';
import { renderSignedOutPage } from './logout-page.js';
import { SESSION_COOKIE_OPTIONS } from './provider-config.js';

// Exact string match, as for post_logout_redirect_uri (OpenID RP-Initiated Logout 1.0 §3);
// Auth0 calls the list "Allowed Logout URLs". Anything else would make /v2/logout an open redirect.
export function isRegisteredLogoutUrl(client: LocalIdpClient | undefined, returnTo: string): boolean {
  return client !== undefined && client.postLogoutRedirectUris.includes(returnTo);
}

/**
 * Ends this server's own session (the browser's login here): posts a logout token to each
 * application of that session that registered a back-channel logout URI, then forgets the session.
 */
export async function endSignInSession(provider: Provider, ctx: ReturnType<Provider['createContext']>, session: Session): Promise<void> {
  await sendBackchannelLogouts(provider, session);
  await session.destroy();
  ctx.cookies.set(provider.cookieName('session'), null, SESSION_COOKIE_OPTIONS);
}

/**
 * Auth0's `GET /v2/logout?client_id=...&returnTo=...`: ends this server's own session, then goes
 * back to `returnTo` when the client registered it. `federated` (Auth0: end the upstream identity
 * provider's session too) has nothing upstream here.
 */
export async function auth0Logout(
  provider: Provider,
  clients: readonly LocalIdpClient[],
  req: IncomingMessage,
  res: ServerResponse,
  query: URLSearchParams,
): Promise<void> {
  const ctx = provider.createContext(req, res);
  await endSignInSession(provider, ctx, await provider.Session.get(ctx));

  const client = clients.find((candidate) => candidate.clientId === query.get('client_id'));
  // Without returnTo, Auth0 goes to the client's first Allowed Logout URL.
  const returnTo = query.get('returnTo') ?? client?.postLogoutRedirectUris[0];
  if (returnTo === undefined) {
    sendHtml(res, 200, renderSignedOutPage());
  } else if (isRegisteredLogoutUrl(client, returnTo)) {
    sendRedirect(res, returnTo);
  } else {
    sendHtml(res, 400, renderSignedOutPage(returnTo));
  }
}
