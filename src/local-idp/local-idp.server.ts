import { randomBytes } from 'node:crypto';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { JWK } from 'jose';
import Provider from 'oidc-provider';
import { AccountStore, DEFAULT_ACCOUNTS_FILE } from './accounts.js';
import { OrganizationDirectory } from './organizations.js';
import { buildProviderConfiguration } from './provider-config.js';
import { createRequestRouter } from './request-router.js';
import { generateSigningKey } from './signing-key.js';

export interface LocalIdpClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  /** Where this server posts a logout token when the user's session here ends (OpenID Connect Back-Channel Logout). */
  backchannelLogoutUri?: string;
}

export interface LocalIdpOptions {
  port: number; // 0 = pick a free port
  host?: string; // default '127.0.0.1'
  clients: LocalIdpClient[];
  /** The ID token claim that carries each account's roles: the app's AUTH0_ROLES_CLAIM, as a tenant's Action would set it. */
  rolesClaim: string;
  accountsFile?: string; // default: accounts.json beside this module
  tls?: { key: string | Buffer; cert: string | Buffer };
  /** Lifetime of access tokens for an API in seconds (default: Auth0's 24 hours). */
  apiAccessTokenTtlSeconds?: number;
  /** Private RS256 JWK (with a `kid`); a new one is generated at every start otherwise. */
  signingKey?: JWK;
}

export interface LocalIdp {
  origin: string; // e.g. 'http://127.0.0.1:4400' (no trailing slash): what goes into AUTH0_DOMAIN
  issuer: string; // origin + '/'
  accounts: ReadonlyArray<{ email: string; password: string; name: string }>;
  close: () => Promise<void>; // a function, not a method: callers may pass it on unbound
}

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

/**
 * Starts a local, Auth0-compatible sign-in server (oidc-provider) for offline development.
 *
 * The issuer is `<origin>/` with Auth0's trailing slash. oidc-provider takes that as is: it
 * mounts its routes under the issuer's path without the trailing slash (here: the root), so
 * `/authorize`, `/oauth/token`... sit at the origin and `iss` in every token is `<origin>/`.
 * The port is known only once the server listens (port 0), so the provider is built then.
 */
export async function startLocalIdp(options: LocalIdpOptions): Promise<LocalIdp> {
  const host = options.host ?? '127.0.0.1';
  const accounts = await AccountStore.fromFile(options.accountsFile ?? DEFAULT_ACCOUNTS_FILE);
  const organizations = new OrganizationDirectory(accounts.all);
  const signingKey = options.signingKey ?? (await generateSigningKey());

  const server: Server = options.tls ? createHttpsServer({ key: options.tls.key, cert: options.tls.cert }) : createHttpServer();
  const { port } = await listen(server, options.port, host);
  const origin = `${options.tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const issuer = `${origin}/`;

  const provider = new Provider(
    issuer,
    buildProviderConfiguration({
      clients: options.clients,
      accounts,
      signingKey,
      cookieKeys: [randomBytes(32).toString('base64url')],
      startedAt: new Date(),
      rolesClaim: options.rolesClaim,
      apiAccessTokenTtlSeconds: options.apiAccessTokenTtlSeconds ?? 24 * 60 * 60,
      organizations,
    }),
  );
  server.on('request', createRequestRouter({ provider, accounts, organizations, clients: options.clients }));

  return {
    origin,
    issuer,
    accounts: accounts.all.map(({ email, password, name }) => ({ email, password, name })),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
