import proxyAddr from 'proxy-addr';
import { z } from 'zod';
import { isAuth0Organization } from './auth0-organization.js';

/**
 * One entry per environment variable: its type, its default and what a bad value means.
 * Cross-variable rules (production requirements, store-specific settings) live in
 * app-config.ts so that every problem is reported in one go.
 */
const text = z.string().trim().min(1);
const seconds = z.coerce.number().int().positive();
const port = z.coerce.number().int().min(0).max(65535);
// `a, b,` -> ['a', 'b']
const commaSeparated = z.string().transform((value) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean),
);

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' }).transform((value) => value.replace(/\/+$/, ''));

// Redirects, links and the cookie path are root-relative: the app must own the whole origin.
const origin = httpUrl.refine((value) => {
  const url = new URL(value);
  return url.pathname === '/' && url.search === '' && url.hash === '';
}, 'must be an origin like https://app.example.com, without a path');

// Claims the ID token verifier or the session already use or drop, and OIDC's standard profile claims
// (OIDC Core 2, 5.1): roles under one of these names would be overwritten or lost.
const RESERVED_CLAIMS = new Set(
  [
    'iss sub aud exp nbf iat jti azp nonce auth_time at_hash c_hash acr amr sid',
    'name given_name family_name middle_name nickname preferred_username profile picture website',
    'email email_verified gender birthdate zoneinfo locale phone_number phone_number_verified address updated_at',
  ].flatMap((names) => names.split(' ')),
);
// Auth0 silently drops custom claims in these namespaces (Auth0 docs, "Create Custom Claims": restrictions).
const AUTH0_RESERVED_NAMESPACE = /^https?:\/\/([^/]+\.)?(auth0\.com|webtask\.io|webtask\.run)(\/|$)/i;

/** Namespaced, as Auth0 recommends for custom claims; the domain need not exist. */
export const DEFAULT_ROLES_CLAIM = 'https://nestjs-auth0-login.example/roles';

const claimName = text
  .refine((name) => !/\s/.test(name), 'must be a claim name without spaces, e.g. https://your.app/roles')
  .refine((name) => !RESERVED_CLAIMS.has(name), 'must not be a standard ID token claim; use a namespaced name like https://your.app/roles')
  .refine(
    (name) => !AUTH0_RESERVED_NAMESPACE.test(name),
    'must not be in the auth0.com, webtask.io or webtask.run namespaces, which Auth0 drops',
  );

// Express's `trust proxy`: true, false, a hop count, or a comma-separated list that Express hands to
// proxy-addr (loopback, linklocal, uniquelocal, IP addresses, CIDR ranges): checked by proxy-addr itself,
// so a value Express would refuse at boot is named here with the other bad variables.
const trustProxy = z
  .string()
  .trim()
  .transform((value, context): boolean | number | string => {
    if (value === '' || value === 'false') return false;
    if (value === 'true') return true;
    if (/^\d+$/.test(value)) return Number(value);
    try {
      proxyAddr.compile(value.split(',').map((item) => item.trim()));
    } catch (error) {
      context.addIssue({
        code: 'custom',
        message:
          'must be true, false, a number of proxy hops, or a comma-separated list of loopback, linklocal, uniquelocal, ' +
          `IP addresses and CIDR ranges (${error instanceof Error ? error.message : String(error)})`,
      });
      return z.NEVER;
    }
    return value;
  });

// Case does not matter: `Redis` is redis.
const sessionStore = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.enum(['sqlite', 'redis', 'memory']));

// Auth0's two logout endpoints: `/oidc/logout` (OpenID Connect RP-Initiated Logout 1.0, recommended) or the older `/v2/logout`.
const logoutEndpoint = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.enum(['oidc', 'v2'], { error: 'must be oidc (Auth0’s /oidc/logout) or v2 (the older /v2/logout)' }));

export const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: port.default(3000),
  BASE_URL: origin.optional(),
  TRUST_PROXY: trustProxy.default(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  AUTH0_DOMAIN: text.optional(),
  AUTH0_CLIENT_ID: text.optional(),
  AUTH0_CLIENT_SECRET: text.optional(),
  AUTH0_CALLBACK_URL: httpUrl.optional(),
  AUTH0_AUDIENCE: text.optional(),
  AUTH0_SCOPE: text.default('openid profile email').refine((scope) => scope.split(/\s+/).includes('openid'), 'must include "openid"'),
  AUTH0_HTTP_TIMEOUT: seconds.default(10),
  AUTH0_USERINFO: z.stringbool({ error: 'must be true or false' }).default(false),
  AUTH0_TRUSTED_AUDIENCES: commaSeparated.default([]),
  AUTH0_ROLES_CLAIM: claimName.default(DEFAULT_ROLES_CLAIM),
  AUTH0_ORGANIZATION: text
    .refine(isAuth0Organization, 'must be an Auth0 organization id (org_…) or name: letters, digits, - and _, at most 50 characters')
    .optional(),
  AUTH0_LOGOUT_ENDPOINT: logoutEndpoint.default('oidc'),
  AUTH0_LOGOUT_ID_TOKEN_HINT: z.stringbool({ error: 'must be true or false' }).default(false),
  AUTH0_LOGOUT_FEDERATED: z.stringbool({ error: 'must be true or false' }).default(false),

  SESSION_SECRET: commaSeparated
    .refine((secrets) => secrets.length > 0, 'must contain at least one secret')
    .refine((secrets) => secrets.every((secret) => secret.length >= 32), 'each secret must be at least 32 characters')
    .optional(),
  SESSION_STORE: sessionStore.default('sqlite'),
  SESSION_SQLITE_PATH: text.default('./data/sessions.sqlite'),
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' }).optional(),
  // Defaults in app-config.ts: each follows the other when only one is set.
  SESSION_IDLE_TIMEOUT: seconds.optional(),
  SESSION_ABSOLUTE_TIMEOUT: seconds.optional(),

  LOGIN_RATE_LIMIT: z.coerce.number().int().min(0).default(100),
  LOGIN_ALLOWED_EMAIL_DOMAINS: commaSeparated
    .refine(
      (domains) => domains.every((domain) => /^([a-z0-9-]+\.)+[a-z0-9-]{2,}$/i.test(domain)),
      'must be domain names like example.com, comma-separated',
    )
    .default([]),
  DATABASE_PATH: text.default('./data/app.sqlite'),
  LOCAL_IDP_PORT: port.default(4400),
  LOCAL_IDP_ACCESS_TOKEN_TTL: seconds.default(86_400),
});

export type Environment = z.infer<typeof environmentSchema>;
export type RawEnvironment = Record<string, string | undefined>;
