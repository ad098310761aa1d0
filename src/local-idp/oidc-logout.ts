import type { IncomingMessage, ServerResponse } from 'node:http';
import { decodeJwt } from 'jose';
import type { Provider, Session } from 'oidc-provider';
import { endSignInSession, isRegisteredLogoutUrl } from './auth0-logout.js';
import { sendHtml, sendRedirect } from './http-io.js';
import type { LocalIdpClient } from './local-idp.server.js';
import { renderSignedOutPage } from './logout-page.js';

/**
 * Auth0's `GET /oidc/logout` (OpenID Connect RP-Initiated Logout 1.0 §2) logs out without asking
 * when the request names the browser's current login: a `logout_hint` equal to its `sid` for the
 * `client_id`, or an `id_token_hint` the server issued for it. Such a request ends this server's
 * session here, posts the logout tokens, and goes back to `post_logout_redirect_uri` (with `state`,
 * §3) when the client registered it. Resolves false for any other request, which oidc-provider's
 * own end_session then answers with its "Sign out?" page. `federated` asks Auth0 to end an
 * upstream identity provider's session too; there is none here.
 */
export async function logOutNamedLogin(
  provider: Provider,
  clients: readonly LocalIdpClient[],
  req: IncomingMessage,
  res: ServerResponse,
  query: URLSearchParams,
): Promise<boolean> {
  const ctx = provider.createContext(req, res);
  const session = await provider.Session.get(ctx);
  const clientId = await namedLoginClient(provider, session, query);
  if (clientId === undefined) return false;
  await endSignInSession(provider, ctx, session);

  const client = clients.find((candidate) => candidate.clientId === clientId);
  // Without post_logout_redirect_uri, Auth0 goes to the client's first Allowed Logout URL.
  const target = query.get('post_logout_redirect_uri') ?? client?.postLogoutRedirectUris[0];
  if (target === undefined) {
    sendHtml(res, 200, renderSignedOutPage());
  } else if (isRegisteredLogoutUrl(client, target)) {
    const state = query.get('state');
    sendRedirect(res, state === null ? target : withState(target, state));
  } else {
    sendHtml(res, 400, renderSignedOutPage(target));
  }
  return true;
}

/** The client whose login with this browser the hint names, or undefined when it names none. */
async function namedLoginClient(provider: Provider, session: Session, query: URLSearchParams): Promise<string | undefined> {
  if (session.accountId === undefined) return undefined;
  const idTokenHint = query.get('id_token_hint');
  if (idTokenHint !== null) return idTokenHintClient(provider, session, idTokenHint, query.get('client_id'));
  const [clientId, logoutHint] = [query.get('client_id'), query.get('logout_hint')];
  if (clientId === null || logoutHint === null) return undefined;
  return session.sidFor(clientId) === logoutHint ? clientId : undefined;
}

/** An ID token this server signed for the client (`client_id`, when given, must be its audience), of this very login. */
async function idTokenHintClient(provider: Provider, session: Session, idToken: string, clientId: string | null): Promise<string | undefined> {
  const audience = audienceOf(idToken);
  if (audience === undefined || (clientId !== null && clientId !== audience)) return undefined;
  const client = await provider.Client.find(audience);
  if (client === undefined) return undefined;
  try {
    const { payload } = await provider.IdToken.validate(idToken, client);
    return payload.sub === session.accountId && payload.sid === session.sidFor(audience) ? audience : undefined;
  } catch {
    return undefined;
  }
}

/** The audience a token names, read before its signature is checked: only to know which client's keys check it. */
function audienceOf(jwt: string): string | undefined {
  try {
    const { aud } = decodeJwt(jwt);
    return typeof aud === 'string' ? aud : undefined;
  } catch {
    return undefined;
  }
}

function withState(uri: string, state: string): string {
  const url = new URL(uri);
  url.searchParams.set('state', state);
  return url.toString();
}
