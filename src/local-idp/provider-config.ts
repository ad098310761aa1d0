import type { JWK } from 'jose';
import type { Configuration, CookiesSetOptions, Grant, KoaContextWithOIDC } from 'oidc-provider';
// oidc-provider's own in-memory adapter. Taken through its factory rather than left as the
// default: the default shares one module-wide store between providers in a process (the
// tests start several) and prints a "use a real adapter" warning at every start.
import { createMemoryAdapter } from 'oidc-provider/lib/adapters/memory_adapter.js';
import { accountClaims, claimsByScope } from './account-claims.js';
import { apiAccessConfiguration } from './api-access.js';
import type { AccountStore } from './accounts.js';
import { renderErrorPage } from './error-page.js';
import type { LocalIdpClient } from './local-idp.server.js';
import { loginPolicy } from './login-policy.js';
import { renderLogoutConfirmPage, renderSignedOutPage } from './logout-page.js';
import { type OrganizationDirectory, OrganizationGrants, requestedOrganization } from './organizations.js';
import { PAGE_CONTENT_SECURITY_POLICY } from './page-layout.js';
import { interactionPath, PROVIDER_ROUTES } from './routes.js';

export interface ProviderConfigInput {
  clients: LocalIdpClient[];
  accounts: AccountStore;
  signingKey: JWK;
  cookieKeys: string[];
  /** Reported as every account's `updated_at`. */
  startedAt: Date;
  /** The claim each account's roles go in (the app's AUTH0_ROLES_CLAIM). */
  rolesClaim: string;
  /** Lifetime of access tokens for an API (LOCAL_IDP_ACCESS_TOKEN_TTL): short, to watch the app refresh them. */
  apiAccessTokenTtlSeconds: number;
  organizations: OrganizationDirectory;
}

export const SESSION_COOKIE_OPTIONS: CookiesSetOptions = { httpOnly: true, sameSite: 'lax' };

const HOUR = 60 * 60;
const DAY = 24 * HOUR;

function renderHtml(ctx: KoaContextWithOIDC, html: string): void {
  ctx.type = 'html';
  ctx.set('Content-Security-Policy', PAGE_CONTENT_SECURITY_POLICY);
  ctx.body = html;
}

/**
 * Every registered client is the app being developed, a first-party application: like
 * Auth0 for those, grant what it asks for instead of showing a consent screen. A login to an
 * organization (or out of one) other than the existing grant's gets a grant of its own, bound to it.
 */
async function grantRequestedAccess(
  ctx: KoaContextWithOIDC,
  organizations: OrganizationDirectory,
  grants: OrganizationGrants,
): Promise<Grant | undefined> {
  const { oidc } = ctx;
  if (!oidc.client || !oidc.account) return undefined;
  const { clientId } = oidc.client;
  const { accountId } = oidc.account;
  const organization = requestedOrganization(organizations, oidc.params?.organization, accountId);

  const existingId = oidc.result?.consent?.grantId ?? oidc.session?.grantIdFor(clientId);
  const existing = existingId ? await oidc.provider.Grant.find(existingId) : undefined;
  const reusable = existing?.accountId === accountId && grants.of(existing.jti) === organization;
  const grant = existing !== undefined && reusable ? existing : new oidc.provider.Grant({ accountId, clientId });

  grant.addOIDCScope([...oidc.requestParamOIDCScopes].join(' '));
  grant.addOIDCClaims([...oidc.requestParamClaims]);
  for (const [resource, server] of Object.entries(oidc.resourceServers ?? {})) {
    grant.addResourceScope(resource, server.scope);
  }
  grants.bind(await grant.save(), organization);
  return grant;
}

/** `sid` in ID and logout tokens, as Auth0 sends it, so the app can end one login's sessions. */
function backchannelLogoutMetadata(client: LocalIdpClient): { backchannel_logout_uri?: string; backchannel_logout_session_required?: boolean } {
  if (client.backchannelLogoutUri === undefined) return {};
  return { backchannel_logout_uri: client.backchannelLogoutUri, backchannel_logout_session_required: true };
}

/**
 * oidc-provider refuses to post to loopback and private addresses (its defence against SSRF);
 * here the only outgoing requests are logout tokens to the app being developed, on localhost.
 */
function fetchWithoutAddressFilter(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  return fetch(input, { ...init, dispatcher: undefined });
}

export function buildProviderConfiguration(input: ProviderConfigInput): Configuration {
  const { accounts, startedAt, rolesClaim, organizations } = input;
  const { resourceIndicators, extraTokenClaims } = apiAccessConfiguration(accounts, input.apiAccessTokenTtlSeconds);
  const organizationGrants = new OrganizationGrants();
  return {
    adapter: createMemoryAdapter(),
    clients: input.clients.map((client) => ({
      client_id: client.clientId,
      client_secret: client.clientSecret,
      redirect_uris: client.redirectUris,
      post_logout_redirect_uris: client.postLogoutRedirectUris,
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      // passport-auth0 sends the client credentials in the form body.
      token_endpoint_auth_method: 'client_secret_post',
      id_token_signed_response_alg: 'RS256',
      ...backchannelLogoutMetadata(client),
    })),
    jwks: { keys: [input.signingKey] },
    cookies: { keys: input.cookieKeys, long: SESSION_COOKIE_OPTIONS, short: SESSION_COOKIE_OPTIONS },
    routes: PROVIDER_ROUTES,
    scopes: ['openid', 'offline_access'],
    claims: claimsByScope(rolesClaim),
    // Auth0 puts the profile and email claims in the ID token, not only at /userinfo.
    conformIdTokenClaims: false,
    // RFC 6750 §2.3 discourages query-string tokens; the app sends an Authorization header.
    acceptQueryParamAccessTokens: false,

    // Auth0's parameters beyond OIDC's, for the sign-in page (sign-up screen, organization, invitation).
    extraParams: ['screen_hint', 'organization', 'invitation'],

    findAccount(_ctx, sub, token) {
      const account = accounts.findById(sub);
      if (!account) return undefined;
      const organization = organizationGrants.of(token?.grantId);
      return { accountId: account.id, claims: () => accountClaims(account, startedAt, rolesClaim, organization) };
    },
    loadExistingGrant: (ctx) => grantRequestedAccess(ctx, organizations, organizationGrants),
    extraTokenClaims,
    // Auth0 rotates refresh tokens (Refresh Token Rotation); a reused one revokes the grant.
    rotateRefreshToken: true,
    // Browsers may call /userinfo and /oauth/token only from the origins of a client's callbacks.
    clientBasedCORS(_ctx, origin, client) {
      return (client.redirectUris ?? []).some((uri) => new URL(uri).origin === origin);
    },
    renderError(ctx, out) {
      renderHtml(ctx, renderErrorPage(out.error, out.error_description));
    },
    interactions: { url: (_ctx, interaction) => interactionPath(interaction.uid), policy: loginPolicy(organizations) },
    features: {
      devInteractions: { enabled: false },
      // For the `sid` request the router adds to every /authorize (request-router.ts).
      claimsParameter: { enabled: true },
      resourceIndicators,
      rpInitiatedLogout: {
        enabled: true,
        // The built-in pages load web fonts; these work offline.
        logoutSource(ctx, form) {
          renderHtml(ctx, renderLogoutConfirmPage(form, ctx.host));
        },
        postLogoutSuccessSource(ctx) {
          renderHtml(ctx, renderSignedOutPage());
        },
      },
      // Like Auth0's "Back-Channel Logout URI": a session ending here posts a logout token to the app.
      backchannelLogout: { enabled: true },
      // Auth0's /oauth/revoke (RFC 7009): the app revokes its refresh token at logout. As at Auth0, a client
      // revokes only its own tokens, and revoking a refresh token ends its grant (every token of that login).
      revocation: { enabled: true, allowedPolicy: (_ctx, client, token) => token.clientId === client.clientId },
    },
    fetch: fetchWithoutAddressFilter,
    // Auth0's defaults where it has one (access token 24 h, ID token 10 h).
    ttl: {
      // An API's tokens live as long as its resource server says (LOCAL_IDP_ACCESS_TOKEN_TTL).
      AccessToken: (_ctx, token) => token.resourceServer?.accessTokenTTL ?? DAY,
      AuthorizationCode: 60,
      IdToken: 10 * HOUR,
      RefreshToken: 30 * DAY,
      Interaction: HOUR,
      Session: 3 * DAY,
      Grant: 30 * DAY,
    },
  };
}
