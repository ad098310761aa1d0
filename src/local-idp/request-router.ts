import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Provider } from 'oidc-provider';
import type { AccountStore } from './accounts.js';
import { auth0Logout } from './auth0-logout.js';
import { renderErrorPage } from './error-page.js';
import { RequestTooLargeError, sendHtml } from './http-io.js';
import type { LocalIdpClient } from './local-idp.server.js';
import { LoginInteraction } from './login-interaction.js';
import type { OrganizationDirectory } from './organizations.js';
import { logOutNamedLogin } from './oidc-logout.js';
import { AUTH0_LOGOUT_PATH, matchInteractionPath, PROVIDER_ROUTES } from './routes.js';

export interface RequestRouterDeps {
  provider: Provider;
  accounts: AccountStore;
  organizations: OrganizationDirectory;
  clients: readonly LocalIdpClient[];
}

/**
 * Auth0 issues a refresh token whenever `offline_access` is requested. oidc-provider follows
 * OIDC Core §11 and drops `offline_access` unless the request says `prompt=consent`. Every
 * client here is first party and consent is implied (provider-config.ts), so say it for them.
 */
export function impliedConsentForOfflineAccess(url: URL): URL | undefined {
  const { searchParams } = url;
  const scopes = searchParams.get('scope')?.split(' ') ?? [];
  if (!scopes.includes('offline_access') || searchParams.has('prompt')) return undefined;
  const rewritten = new URL(url);
  rewritten.searchParams.set('prompt', 'consent');
  return rewritten;
}

/**
 * Auth0 puts the login's `sid` in every ID token (RP-initiated logout names the login with it).
 * oidc-provider adds it only for clients with a back-channel logout URI, or when the request's
 * claims parameter (OIDC Core 5.5) asks for it: ask for it.
 */
export function sessionIdClaimRequested(url: URL): URL {
  if (url.searchParams.has('claims')) return url;
  const rewritten = new URL(url);
  rewritten.searchParams.set('claims', JSON.stringify({ id_token: { sid: null } }));
  return rewritten;
}

/**
 * Auth0 names the API an access token is for with `audience`; oidc-provider implements the standard
 * form of it, the resource indicator (RFC 8707 §2): pass it on as `resource`.
 */
export function audienceAsResource(url: URL): URL {
  const audience = url.searchParams.get('audience');
  if (audience === null || url.searchParams.has('resource')) return url;
  const rewritten = new URL(url);
  rewritten.searchParams.delete('audience');
  rewritten.searchParams.set('resource', audience);
  return rewritten;
}

/** The sign-in page, Auth0's /v2/logout and its /oidc/logout without a prompt here; every other path is oidc-provider's. */
export function createRequestRouter({ provider, accounts, organizations, clients }: RequestRouterDeps): RequestListener {
  const oidcProvider = provider.callback();
  const loginInteraction = new LoginInteraction(provider, accounts, organizations);

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // The base only lets URL parse the path; nothing is derived from the Host header.
    const url = new URL(req.url ?? '/', 'http://local-idp.invalid');
    const interaction = matchInteractionPath(url.pathname);
    if (interaction) {
      const expectedMethod = interaction.action === 'show' ? 'GET' : 'POST';
      if (req.method !== expectedMethod) {
        res.setHeader('Allow', expectedMethod);
        sendHtml(res, 405, renderErrorPage('Method not allowed'));
        return;
      }
      return loginInteraction.handle(req, res, interaction.uid, interaction.action, url.searchParams.get('screen'));
    }
    if (url.pathname === AUTH0_LOGOUT_PATH && req.method === 'GET') {
      return auth0Logout(provider, clients, req, res, url.searchParams);
    }
    if (
      url.pathname === PROVIDER_ROUTES.end_session &&
      req.method === 'GET' &&
      (await logOutNamedLogin(provider, clients, req, res, url.searchParams))
    ) {
      return;
    }
    if (url.pathname === PROVIDER_ROUTES.authorization && req.method === 'GET') {
      const withResource = sessionIdClaimRequested(audienceAsResource(url));
      const rewritten = impliedConsentForOfflineAccess(withResource) ?? withResource;
      req.url = `${rewritten.pathname}${rewritten.search}`;
    }
    return oidcProvider(req, res);
  }

  return (req, res) => {
    route(req, res).catch((error: unknown) => {
      if (error instanceof RequestTooLargeError) {
        if (!res.headersSent) sendHtml(res, 413, renderErrorPage('Request too large'));
        return;
      }
      console.error('Local sign-in server: request failed', error);
      if (!res.headersSent) sendHtml(res, 500, renderErrorPage('server_error', 'see the server log'));
      else res.destroy();
    });
  };
}
