import { environmentSchema, type Environment, type RawEnvironment } from './environment.schema.js';
import { isLoopbackHost, parseAuth0Domain } from './auth0-domain.js';

export type StorageKind = Environment['SESSION_STORE'];

/** Where the browser goes to end the IdP's session after the app's own ended (src/auth/idp-logout.ts). */
export interface LogoutConfig {
  /** `oidc`: `/oidc/logout` (OpenID Connect RP-Initiated Logout 1.0); `v2`: Auth0's older `/v2/logout`. */
  endpoint: Environment['AUTH0_LOGOUT_ENDPOINT'];
  url: string;
  /** Send the login's ID token as `id_token_hint` instead of its `sid` as `logout_hint`: the session then keeps the ID token. */
  idTokenHint: boolean;
  /** Auth0's `federated`: also end the session at the upstream identity provider (Google, a SAML IdP, ...). */
  federated: boolean;
}

export interface Auth0Config {
  /** Origin of the tenant, e.g. https://tenant.auth0.com (no trailing slash). */
  origin: string;
  /** Expected `iss` of ID tokens: Auth0 issuers end with a slash. */
  issuer: string;
  authorizationUrl: string;
  tokenUrl: string;
  /** Where refresh tokens are revoked at logout (RFC 7009; Auth0's `/oauth/revoke`). */
  revocationUrl: string;
  userInfoUrl: string;
  jwksUrl: string;
  logout: LogoutConfig;
  clientId: string;
  clientSecret: string;
  callbackUrl: string;
  /** Path of callbackUrl; the app answers the callback there (and at /callback). */
  callbackPath: string;
  audience: string | undefined;
  scope: string;
  httpTimeoutMs: number;
  /** Also fetch the profile from /userinfo after the ID token passed (AUTH0_USERINFO). */
  fetchUserInfo: boolean;
  /** Audiences besides clientId that an ID token's `aud` may name (AUTH0_TRUSTED_AUDIENCES). */
  trustedIdTokenAudiences: string[];
  /** The ID token claim that lists the user's roles (AUTH0_ROLES_CLAIM), set by a post-login Action. */
  rolesClaim: string;
  /** The Auth0 organization every login is made in, by id (`org_…`) or name (AUTH0_ORGANIZATION); undefined: none required. */
  organization: string | undefined;
  /** The login keeps the access token (and refresh token) for calling APIs: with an audience, or offline_access asked for. */
  keepsTokens: boolean;
}

export interface SessionConfig {
  /** The first secret signs new cookies; all of them verify (rotation). */
  secrets: string[];
  store: StorageKind;
  sqlitePath: string;
  redisUrl: string | undefined;
  idleTimeoutSeconds: number;
  absoluteTimeoutSeconds: number;
  cookieName: string;
  secureCookie: boolean;
}

export interface LocalIdpConfig {
  port: number;
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  /** Where the local sign-in server posts logout tokens: this app's POST /backchannel-logout. */
  backchannelLogoutUri: string;
  /** The claim the local sign-in server puts each account's roles in: the app's AUTH0_ROLES_CLAIM. */
  rolesClaim: string;
  /** Lifetime of its access tokens for an API (LOCAL_IDP_ACCESS_TOKEN_TTL): short to watch refreshes. */
  apiAccessTokenTtlSeconds: number;
}

export interface AppConfig {
  env: Environment['NODE_ENV'];
  isProduction: boolean;
  port: number;
  /** Public origin of the app (no trailing slash): redirects and cookies derive from it. */
  baseUrl: string;
  trustProxy: boolean | number | string;
  logLevel: Environment['LOG_LEVEL'];
  loginRateLimitPerMinute: number;
  auth0: Auth0Config;
  session: SessionConfig;
  /** Set when the app should start the local sign-in server (dev only, no AUTH0_DOMAIN). */
  localIdp: LocalIdpConfig | null;
  /** The app's own SQLite database (DATABASE_PATH): the example users module keeps its table there. */
  databasePath: string;
  /** Verified email domains that may log in (LOGIN_ALLOWED_EMAIL_DOMAINS); empty: everyone. */
  allowedEmailDomains: string[];
}

export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigValidationError';
  }
}

// Only for the local sign-in server, which is never started in production.
const LOCAL_CLIENT_ID = 'local-dev-client';
const LOCAL_CLIENT_SECRET = 'local-dev-client-secret-not-for-production';
const DEVELOPMENT_SESSION_SECRET = 'development-only-session-secret-do-not-use-in-production';

const DEFAULT_IDLE_TIMEOUT_SECONDS = 86_400;
const DEFAULT_ABSOLUTE_TIMEOUT_SECONDS = 604_800;

/**
 * A timeout left unset follows the one that is set, so `SESSION_ABSOLUTE_TIMEOUT=3600` alone
 * means a one-hour session rather than a contradiction with the day-long idle default.
 */
function sessionTimeouts(env: Environment): { idle: number; absolute: number } {
  const idle = env.SESSION_IDLE_TIMEOUT ?? Math.min(DEFAULT_IDLE_TIMEOUT_SECONDS, env.SESSION_ABSOLUTE_TIMEOUT ?? Infinity);
  const absolute = env.SESSION_ABSOLUTE_TIMEOUT ?? Math.max(DEFAULT_ABSOLUTE_TIMEOUT_SECONDS, idle);
  return { idle, absolute };
}

/** Treats `NAME=` (empty) like an unset variable, as dotenv files commonly leave them. */
function withoutEmptyValues(raw: RawEnvironment): RawEnvironment {
  return Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== undefined && value.trim() !== ''));
}

/** `invalid`: variables the schema already refused; rules that read them are skipped rather than misreported. */
function crossVariableProblems(env: Environment, auth0Origin: string | undefined, invalid: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const production = env.NODE_ENV === 'production';
  const missing = (name: keyof Environment): boolean => env[name] === undefined && !invalid.has(name);
  if (production) {
    for (const name of ['AUTH0_DOMAIN', 'AUTH0_CLIENT_ID', 'AUTH0_CLIENT_SECRET', 'SESSION_SECRET'] as const) {
      if (missing(name)) problems.push(`${name}: is required when NODE_ENV=production`);
    }
    // The default (http://localhost:PORT) would send Auth0 a redirect_uri no browser can reach.
    if (missing('BASE_URL')) {
      problems.push('BASE_URL: is required when NODE_ENV=production (the public https origin of the app, e.g. https://app.example.com)');
    }
    if (env.SESSION_STORE === 'memory') {
      problems.push('SESSION_STORE: "memory" loses every session on restart and is refused when NODE_ENV=production; use sqlite or redis');
    }
    if (env.BASE_URL !== undefined && !invalid.has('BASE_URL') && !isSecureOrLoopback(env.BASE_URL)) {
      problems.push('BASE_URL: must be https when NODE_ENV=production (cookies and tokens must not travel in clear text)');
    }
  } else if (auth0Origin !== undefined) {
    // The development session secret is public: a real tenant's sessions need a real secret.
    for (const name of ['AUTH0_CLIENT_ID', 'AUTH0_CLIENT_SECRET', 'SESSION_SECRET'] as const) {
      if (missing(name)) problems.push(`${name}: is required when AUTH0_DOMAIN is set`);
    }
  }
  if (env.AUTH0_CALLBACK_URL !== undefined && !invalid.has('BASE_URL')) {
    const baseUrl = env.BASE_URL ?? defaultBaseUrl(env.PORT);
    const callback = new URL(env.AUTH0_CALLBACK_URL);
    if (callback.origin !== new URL(baseUrl).origin || callback.pathname === '/' || callback.search !== '') {
      problems.push(
        `AUTH0_CALLBACK_URL: must be a path on ${baseUrl} (e.g. ${baseUrl}/callback): a callback on another origin would not receive the login cookie`,
      );
    }
  }
  if (env.AUTH0_LOGOUT_ID_TOKEN_HINT && env.AUTH0_LOGOUT_ENDPOINT === 'v2' && !invalid.has('AUTH0_LOGOUT_ENDPOINT')) {
    problems.push('AUTH0_LOGOUT_ID_TOKEN_HINT: only /oidc/logout takes an id_token_hint; set AUTH0_LOGOUT_ENDPOINT=oidc, or leave this false');
  }
  if (env.SESSION_STORE === 'redis' && missing('REDIS_URL')) {
    problems.push('REDIS_URL: is required when SESSION_STORE=redis');
  }
  const timeouts = sessionTimeouts(env);
  if (timeouts.absolute < timeouts.idle) {
    problems.push(
      `SESSION_ABSOLUTE_TIMEOUT: must be greater than or equal to SESSION_IDLE_TIMEOUT (${timeouts.absolute} < ${timeouts.idle})`,
      'SESSION_IDLE_TIMEOUT: must be less than or equal to SESSION_ABSOLUTE_TIMEOUT',
    );
  }
  return problems;
}

function defaultBaseUrl(port: number): string {
  return `http://localhost:${port}`;
}

function isSecureOrLoopback(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  return protocol === 'https:' || isLoopbackHost(hostname);
}

function formatIssuePath(path: PropertyKey[]): string {
  return path.map(String).join('.') || 'environment';
}

/**
 * Validates the whole environment at once and returns the typed configuration.
 * Throws ConfigValidationError naming every bad variable.
 */
export function parseAppConfig(raw: RawEnvironment): AppConfig {
  const present = withoutEmptyValues(raw);
  const parsed = environmentSchema.safeParse(present);
  const problems = parsed.success ? [] : parsed.error.issues.map((issue) => `${formatIssuePath(issue.path)}: ${issue.message}`);
  const invalid = new Set(parsed.success ? [] : parsed.error.issues.map((issue) => String(issue.path[0])));
  // The other rules still run, with refused variables at their defaults, so one start names every problem.
  const env = parsed.success
    ? parsed.data
    : environmentSchema.parse(Object.fromEntries(Object.entries(present).filter(([name]) => !invalid.has(name))));
  const production = env.NODE_ENV === 'production';

  let auth0Origin: string | undefined;
  if (env.AUTH0_DOMAIN !== undefined) {
    const domain = parseAuth0Domain(env.AUTH0_DOMAIN, !production);
    if ('problem' in domain) problems.push(`AUTH0_DOMAIN: ${domain.problem}`);
    else auth0Origin = domain.origin;
  }
  problems.push(...crossVariableProblems(env, auth0Origin, invalid));
  if (problems.length > 0) {
    throw new ConfigValidationError(problems);
  }

  const baseUrl = env.BASE_URL ?? defaultBaseUrl(env.PORT);
  const callbackUrl = env.AUTH0_CALLBACK_URL ?? `${baseUrl}/callback`;
  const secureCookie = baseUrl.startsWith('https:');
  const timeouts = sessionTimeouts(env);

  const localIdp: LocalIdpConfig | null =
    auth0Origin === undefined
      ? {
          port: env.LOCAL_IDP_PORT,
          clientId: env.AUTH0_CLIENT_ID ?? LOCAL_CLIENT_ID,
          clientSecret: env.AUTH0_CLIENT_SECRET ?? LOCAL_CLIENT_SECRET,
          redirectUris: [callbackUrl],
          postLogoutRedirectUris: [`${baseUrl}/`],
          backchannelLogoutUri: `${baseUrl}/backchannel-logout`,
          rolesClaim: env.AUTH0_ROLES_CLAIM,
          apiAccessTokenTtlSeconds: env.LOCAL_IDP_ACCESS_TOKEN_TTL,
        }
      : null;
  const origin = auth0Origin ?? `http://127.0.0.1:${env.LOCAL_IDP_PORT}`;

  return {
    env: env.NODE_ENV,
    isProduction: production,
    port: env.PORT,
    baseUrl,
    trustProxy: env.TRUST_PROXY,
    logLevel: env.LOG_LEVEL,
    loginRateLimitPerMinute: env.LOGIN_RATE_LIMIT,
    auth0: {
      origin,
      issuer: `${origin}/`,
      authorizationUrl: `${origin}/authorize`,
      tokenUrl: `${origin}/oauth/token`,
      revocationUrl: `${origin}/oauth/revoke`,
      userInfoUrl: `${origin}/userinfo`,
      jwksUrl: `${origin}/.well-known/jwks.json`,
      logout: {
        endpoint: env.AUTH0_LOGOUT_ENDPOINT,
        url: `${origin}${env.AUTH0_LOGOUT_ENDPOINT === 'oidc' ? '/oidc/logout' : '/v2/logout'}`,
        idTokenHint: env.AUTH0_LOGOUT_ID_TOKEN_HINT,
        federated: env.AUTH0_LOGOUT_FEDERATED,
      },
      clientId: localIdp?.clientId ?? (env.AUTH0_CLIENT_ID as string),
      clientSecret: localIdp?.clientSecret ?? (env.AUTH0_CLIENT_SECRET as string),
      callbackUrl,
      callbackPath: new URL(callbackUrl).pathname,
      audience: env.AUTH0_AUDIENCE,
      scope: env.AUTH0_SCOPE,
      httpTimeoutMs: env.AUTH0_HTTP_TIMEOUT * 1000,
      trustedIdTokenAudiences: env.AUTH0_TRUSTED_AUDIENCES,
      fetchUserInfo: env.AUTH0_USERINFO,
      rolesClaim: env.AUTH0_ROLES_CLAIM,
      organization: env.AUTH0_ORGANIZATION,
      keepsTokens: env.AUTH0_AUDIENCE !== undefined || env.AUTH0_SCOPE.split(/\s+/).includes('offline_access'),
    },
    session: {
      secrets: env.SESSION_SECRET ?? [DEVELOPMENT_SESSION_SECRET],
      store: env.SESSION_STORE,
      sqlitePath: env.SESSION_SQLITE_PATH,
      redisUrl: env.REDIS_URL,
      idleTimeoutSeconds: timeouts.idle,
      absoluteTimeoutSeconds: timeouts.absolute,
      // __Host- makes the browser refuse the cookie unless Secure, Path=/ and no Domain (RFC 6265bis §4.1.3.2).
      cookieName: secureCookie ? '__Host-app_session' : 'app_session',
      secureCookie,
    },
    localIdp,
    databasePath: env.DATABASE_PATH,
    allowedEmailDomains: env.LOGIN_ALLOWED_EMAIL_DOMAINS.map((domain) => domain.toLowerCase()),
  };
}
