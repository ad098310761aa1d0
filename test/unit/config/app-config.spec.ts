import { describe, expect, it } from 'vitest';
import { ConfigValidationError, parseAppConfig } from '../../../src/config/app-config.js';
import type { RawEnvironment } from '../../../src/config/environment.schema.js';

const SECRET = 'a-session-secret-that-is-32-chars';
const OLD_SECRET = 'the-previous-secret-still-verifying';
const TENANT = { AUTH0_DOMAIN: 'tenant.auth0.com', AUTH0_CLIENT_ID: 'client-id', AUTH0_CLIENT_SECRET: 'client-secret', SESSION_SECRET: SECRET };
const PRODUCTION = { NODE_ENV: 'production', BASE_URL: 'https://app.example.com', ...TENANT };

/** The problems a rejected environment reports, one line each. */
function problemsOf(environment: RawEnvironment): string[] {
  try {
    parseAppConfig(environment);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigValidationError);
    return (error as ConfigValidationError).problems;
  }
  throw new Error(`expected ${JSON.stringify(environment)} to be rejected`);
}

function problemFor(environment: RawEnvironment, variable: string): string {
  const problems = problemsOf(environment);
  const problem = problems.find((line) => line.startsWith(`${variable}:`));
  if (problem === undefined) throw new Error(`no problem reported for ${variable}; got ${JSON.stringify(problems)}`);
  return problem;
}

function auth0Origin(domain: string, environment: RawEnvironment = {}): string {
  return parseAppConfig({ ...TENANT, ...environment, AUTH0_DOMAIN: domain }).auth0.origin;
}

describe('parseAppConfig', () => {
  describe('defaults (development, nothing set)', () => {
    const config = parseAppConfig({});

    it('is a development config', () => {
      expect(config.env).toBe('development');
      expect(config.isProduction).toBe(false);
    });

    it('listens on 3000 with BASE_URL http://localhost:3000 and derives the callback from it', () => {
      expect(config.port).toBe(3000);
      expect(config.baseUrl).toBe('http://localhost:3000');
      expect(config.auth0.callbackUrl).toBe('http://localhost:3000/callback');
    });

    it('derives BASE_URL from PORT when only PORT is set', () => {
      const custom = parseAppConfig({ PORT: '8080' });
      expect(custom.baseUrl).toBe('http://localhost:8080');
      expect(custom.auth0.callbackUrl).toBe('http://localhost:8080/callback');
    });

    it('uses the sqlite store at ./data/sessions.sqlite with the documented timeouts', () => {
      expect(config.session.store).toBe('sqlite');
      expect(config.session.sqlitePath).toBe('./data/sessions.sqlite');
      expect(config.session.idleTimeoutSeconds).toBe(86_400);
      expect(config.session.absoluteTimeoutSeconds).toBe(604_800);
    });

    it('plain-http BASE_URL: no Secure cookie, no __Host- prefix', () => {
      expect(config.session.secureCookie).toBe(false);
      expect(config.session.cookieName).toBe('app_session');
    });

    it('asks for the openid profile email scope and no audience', () => {
      expect(config.auth0.scope).toBe('openid profile email');
      expect(config.auth0.audience).toBeUndefined();
    });

    it('starts the local sign-in server on 127.0.0.1:4400 and points Auth0 at it', () => {
      expect(config.localIdp).toEqual({
        port: 4400,
        clientId: config.auth0.clientId,
        clientSecret: config.auth0.clientSecret,
        redirectUris: ['http://localhost:3000/callback'],
        postLogoutRedirectUris: ['http://localhost:3000/'],
        backchannelLogoutUri: 'http://localhost:3000/backchannel-logout',
        rolesClaim: config.auth0.rolesClaim,
        apiAccessTokenTtlSeconds: 86_400,
      });
      expect(config.auth0.origin).toBe('http://127.0.0.1:4400');
      expect(config.auth0.issuer).toBe('http://127.0.0.1:4400/');
      expect(config.auth0.authorizationUrl).toBe('http://127.0.0.1:4400/authorize');
      expect(config.auth0.tokenUrl).toBe('http://127.0.0.1:4400/oauth/token');
      expect(config.auth0.userInfoUrl).toBe('http://127.0.0.1:4400/userinfo');
      expect(config.auth0.jwksUrl).toBe('http://127.0.0.1:4400/.well-known/jwks.json');
      expect(config.auth0.logout.url).toBe('http://127.0.0.1:4400/oidc/logout');
      expect(config.auth0.revocationUrl).toBe('http://127.0.0.1:4400/oauth/revoke');
    });

    it('follows LOCAL_IDP_ACCESS_TOKEN_TTL, and refuses a non-positive one', () => {
      expect(parseAppConfig({ LOCAL_IDP_ACCESS_TOKEN_TTL: '90' }).localIdp?.apiAccessTokenTtlSeconds).toBe(90);
      expect(() => parseAppConfig({ LOCAL_IDP_ACCESS_TOKEN_TTL: '0' })).toThrow(/LOCAL_IDP_ACCESS_TOKEN_TTL/);
    });

    it('follows LOCAL_IDP_PORT', () => {
      const custom = parseAppConfig({ LOCAL_IDP_PORT: '4500' });
      expect(custom.localIdp?.port).toBe(4500);
      expect(custom.auth0.origin).toBe('http://127.0.0.1:4500');
    });

    it('does not start the local sign-in server once AUTH0_DOMAIN is set', () => {
      expect(parseAppConfig(TENANT).localIdp).toBeNull();
    });

    it('signs development sessions with a built-in secret that is long enough', () => {
      expect(config.session.secrets).toHaveLength(1);
      expect(config.session.secrets[0]?.length).toBeGreaterThanOrEqual(32);
    });
  });

  describe('AUTH0_DOMAIN', () => {
    it.each([
      ['tenant.auth0.com', 'https://tenant.auth0.com'],
      ['tenant.eu.auth0.com/', 'https://tenant.eu.auth0.com'],
      ['login.example.com:8443', 'https://login.example.com:8443'],
      ['127.0.0.1:4400', 'https://127.0.0.1:4400'],
      ['https://login.example.com:8443', 'https://login.example.com:8443'],
      ['https://tenant.auth0.com/', 'https://tenant.auth0.com'],
    ])('accepts %s as the https origin %s', (domain, origin) => {
      expect(auth0Origin(domain)).toBe(origin);
    });

    it('derives every Auth0 endpoint and the issuer (with its trailing slash) from the origin', () => {
      const { auth0 } = parseAppConfig({ ...TENANT, AUTH0_DOMAIN: 'login.example.com:8443' });
      expect(auth0.issuer).toBe('https://login.example.com:8443/');
      expect(auth0.authorizationUrl).toBe('https://login.example.com:8443/authorize');
      expect(auth0.tokenUrl).toBe('https://login.example.com:8443/oauth/token');
      expect(auth0.userInfoUrl).toBe('https://login.example.com:8443/userinfo');
      expect(auth0.jwksUrl).toBe('https://login.example.com:8443/.well-known/jwks.json');
      expect(auth0.logout.url).toBe('https://login.example.com:8443/oidc/logout');
      expect(auth0.revocationUrl).toBe('https://login.example.com:8443/oauth/revoke');
      expect(auth0.clientId).toBe('client-id');
      expect(auth0.clientSecret).toBe('client-secret');
    });

    it.each(['http://127.0.0.1:4400', 'http://localhost:4400', 'http://[::1]:4400'])(
      'accepts plain http for the loopback host %s outside production',
      (domain) => {
        expect(auth0Origin(domain)).toBe(domain);
        expect(auth0Origin(domain, { NODE_ENV: 'test' })).toBe(domain);
      },
    );

    it.each(['http://evil.test', 'http://localhost.evil.test', 'http://127.0.0.1.nip.io', 'http://10.0.0.5:4400'])(
      'refuses plain http to the non-loopback host %s',
      (domain) => {
        expect(problemFor({ ...TENANT, AUTH0_DOMAIN: domain }, 'AUTH0_DOMAIN')).toMatch(/http:\/\/ is only accepted for localhost/);
      },
    );

    it('refuses plain http even to loopback in production', () => {
      expect(problemFor({ ...PRODUCTION, AUTH0_DOMAIN: 'http://127.0.0.1:4400' }, 'AUTH0_DOMAIN')).toMatch(
        /not accepted in production; use https/,
      );
    });

    it.each([
      'tenant.auth0.com/authorize',
      'https://tenant.auth0.com/tenant',
      'tenant.auth0.com?x=1',
      'tenant.auth0.com#x',
      'https://user:pw@tenant.auth0.com',
    ])('refuses %s: a host and port only', (domain) => {
      expect(problemFor({ ...TENANT, AUTH0_DOMAIN: domain }, 'AUTH0_DOMAIN')).toMatch(/host \(and optional port\) only/);
    });

    it.each(['ftp://tenant.auth0.com', 'ws://tenant.auth0.com'])('refuses the scheme in %s', (domain) => {
      expect(problemFor({ ...TENANT, AUTH0_DOMAIN: domain }, 'AUTH0_DOMAIN')).toMatch(/must use https/);
    });

    it('refuses javascript://', () => {
      expect(problemFor({ ...TENANT, AUTH0_DOMAIN: 'javascript://tenant.auth0.com' }, 'AUTH0_DOMAIN')).toBeDefined();
    });

    it('refuses something that is not a host at all', () => {
      expect(problemFor({ ...TENANT, AUTH0_DOMAIN: 'not a host' }, 'AUTH0_DOMAIN')).toMatch(/must be a host name like/);
    });

    it('needs the client id, client secret and a session secret once a domain is set, even outside production', () => {
      const problems = problemsOf({ AUTH0_DOMAIN: 'tenant.auth0.com' });
      expect(problems).toEqual([
        'AUTH0_CLIENT_ID: is required when AUTH0_DOMAIN is set',
        'AUTH0_CLIENT_SECRET: is required when AUTH0_DOMAIN is set',
        'SESSION_SECRET: is required when AUTH0_DOMAIN is set',
      ]);
    });
  });

  describe('keeping tokens for calling APIs', () => {
    it.each([
      [{}, false],
      [{ AUTH0_AUDIENCE: 'https://api.example.test/' }, true],
      [{ AUTH0_SCOPE: 'openid profile email offline_access' }, true],
      [{ AUTH0_SCOPE: 'openid offline_accessible' }, false],
    ])('%o: %s', (environment, kept) => {
      expect(parseAppConfig(environment).auth0.keepsTokens).toBe(kept);
    });
  });

  describe('production', () => {
    it('accepts a complete production environment and never starts the local sign-in server', () => {
      const config = parseAppConfig(PRODUCTION);
      expect(config.isProduction).toBe(true);
      expect(config.localIdp).toBeNull();
      expect(config.session.secrets).toEqual([SECRET]);
    });

    it('requires AUTH0_DOMAIN, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, SESSION_SECRET and BASE_URL, all named at once', () => {
      expect(problemsOf({ NODE_ENV: 'production' })).toEqual([
        'AUTH0_DOMAIN: is required when NODE_ENV=production',
        'AUTH0_CLIENT_ID: is required when NODE_ENV=production',
        'AUTH0_CLIENT_SECRET: is required when NODE_ENV=production',
        'SESSION_SECRET: is required when NODE_ENV=production',
        expect.stringMatching(/^BASE_URL: is required when NODE_ENV=production/),
      ]);
    });

    it('requires BASE_URL even when everything else is set: the localhost default would reach Auth0 as redirect_uri', () => {
      const { BASE_URL: _omitted, ...withoutBaseUrl } = PRODUCTION;
      expect(problemsOf(withoutBaseUrl)).toEqual([expect.stringMatching(/^BASE_URL: is required when NODE_ENV=production/)]);
    });

    it('does not fall back to the local sign-in server when AUTH0_DOMAIN is missing', () => {
      const { AUTH0_DOMAIN: _omitted, ...withoutDomain } = PRODUCTION;
      expect(problemsOf(withoutDomain)).toEqual(['AUTH0_DOMAIN: is required when NODE_ENV=production']);
    });

    it('refuses the memory session store', () => {
      expect(problemFor({ ...PRODUCTION, SESSION_STORE: 'memory' }, 'SESSION_STORE')).toMatch(/refused when NODE_ENV=production/);
    });

    it.each(['sqlite', 'redis'])('accepts the %s session store', (store) => {
      expect(parseAppConfig({ ...PRODUCTION, SESSION_STORE: store, REDIS_URL: 'redis://127.0.0.1:6379' }).session.store).toBe(store);
    });

    it('accepts the memory store outside production, when asked for', () => {
      expect(parseAppConfig({ NODE_ENV: 'test', SESSION_STORE: 'memory' }).session.store).toBe('memory');
    });
  });

  describe('every problem is reported in one error', () => {
    it('names each bad variable, schema errors and cross-variable rules alike', () => {
      const environment = {
        NODE_ENV: 'production',
        PORT: 'not-a-port',
        BASE_URL: 'ftp://app.example.com',
        AUTH0_DOMAIN: 'http://127.0.0.1:4400',
        AUTH0_CLIENT_ID: 'client-id',
        SESSION_SECRET: 'too-short',
        SESSION_STORE: 'memory',
        REDIS_URL: 'http://cache:6379',
        SESSION_IDLE_TIMEOUT: '-5',
      };
      const named = problemsOf(environment).map((problem) => problem.slice(0, problem.indexOf(':')));
      expect(named.sort()).toEqual(
        [
          'AUTH0_CLIENT_SECRET',
          'AUTH0_DOMAIN',
          'BASE_URL',
          'PORT',
          'REDIS_URL',
          'SESSION_IDLE_TIMEOUT',
          'SESSION_SECRET',
          'SESSION_STORE',
        ].sort(),
      );
    });

    it('names an invalid variable once, not again as "required"', () => {
      const problems = problemsOf({ ...PRODUCTION, SESSION_SECRET: 'too-short', PORT: '70000' });
      expect(problems.filter((problem) => problem.startsWith('SESSION_SECRET:'))).toEqual([
        'SESSION_SECRET: each secret must be at least 32 characters',
      ]);
      expect(problems.filter((problem) => problem.startsWith('PORT:'))).toHaveLength(1);
    });

    it('puts every problem in the message, one per line, so the startup error names them', () => {
      expect(() => parseAppConfig({ NODE_ENV: 'production', SESSION_STORE: 'memory' })).toThrowError(
        /^Invalid configuration:\n {2}- AUTH0_DOMAIN: .*\n {2}- AUTH0_CLIENT_ID: .*\n {2}- AUTH0_CLIENT_SECRET: .*\n {2}- SESSION_SECRET: .*\n {2}- BASE_URL: .*\n {2}- SESSION_STORE: .*$/,
      );
    });
  });

  describe('SESSION_SECRET', () => {
    it('takes a comma-separated rotation list, the first one signing', () => {
      const config = parseAppConfig({ SESSION_SECRET: ` ${SECRET} , ${OLD_SECRET} ` });
      expect(config.session.secrets).toEqual([SECRET, OLD_SECRET]);
    });

    it('accepts exactly 32 characters', () => {
      expect(parseAppConfig({ SESSION_SECRET: 'x'.repeat(32) }).session.secrets).toEqual(['x'.repeat(32)]);
    });

    it('refuses 31 characters', () => {
      expect(problemFor({ SESSION_SECRET: 'x'.repeat(31) }, 'SESSION_SECRET')).toMatch(/at least 32 characters/);
    });

    it('refuses a rotation list when any secret in it is short', () => {
      expect(problemFor({ SESSION_SECRET: `${SECRET},short` }, 'SESSION_SECRET')).toMatch(/each secret must be at least 32 characters/);
    });

    it('refuses a list of nothing but commas', () => {
      expect(problemFor({ SESSION_SECRET: ',,' }, 'SESSION_SECRET')).toMatch(/at least one secret/);
    });
  });

  describe('BASE_URL and the session cookie', () => {
    it('https BASE_URL: Secure cookie with the __Host- prefix', () => {
      const config = parseAppConfig({ BASE_URL: 'https://app.example.com' });
      expect(config.session.secureCookie).toBe(true);
      expect(config.session.cookieName).toBe('__Host-app_session');
    });

    it('drops trailing slashes so derived URLs have no double slash', () => {
      const config = parseAppConfig({ BASE_URL: 'https://app.example.com/' });
      expect(config.baseUrl).toBe('https://app.example.com');
      expect(config.auth0.callbackUrl).toBe('https://app.example.com/callback');
      expect(config.localIdp?.postLogoutRedirectUris).toEqual(['https://app.example.com/']);
    });

    it('AUTH0_CALLBACK_URL may spell out the derived callback', () => {
      const config = parseAppConfig({ BASE_URL: 'https://app.example.com', AUTH0_CALLBACK_URL: 'https://app.example.com/callback' });
      expect(config.auth0.callbackUrl).toBe('https://app.example.com/callback');
      expect(config.auth0.callbackPath).toBe('/callback');
    });

    it('AUTH0_CALLBACK_URL may name another path on the same origin', () => {
      const config = parseAppConfig({ BASE_URL: 'https://app.example.com', AUTH0_CALLBACK_URL: 'https://app.example.com/auth/callback' });
      expect(config.auth0.callbackUrl).toBe('https://app.example.com/auth/callback');
      expect(config.auth0.callbackPath).toBe('/auth/callback');
    });

    it.each([
      'https://auth.example.com/callback',
      'http://app.example.com/callback',
      'https://app.example.com/',
      'https://app.example.com/cb?x=1',
    ])('refuses AUTH0_CALLBACK_URL %s, which would lose the login cookie or clash with the home page', (callbackUrl) => {
      expect(problemFor({ BASE_URL: 'https://app.example.com', AUTH0_CALLBACK_URL: callbackUrl }, 'AUTH0_CALLBACK_URL')).toMatch(
        /must be a path on https:\/\/app\.example\.com/,
      );
    });

    it.each(['https://app.example.com/app', 'https://app.example.com/?x=1'])('refuses a BASE_URL with a path or query: %s', (baseUrl) => {
      expect(problemFor({ BASE_URL: baseUrl }, 'BASE_URL')).toMatch(/must be an origin/);
    });

    it('requires https for BASE_URL in production, except on a loopback host', () => {
      expect(problemFor({ ...PRODUCTION, BASE_URL: 'http://app.example.com' }, 'BASE_URL')).toMatch(/must be https when NODE_ENV=production/);
      expect(parseAppConfig({ ...PRODUCTION, BASE_URL: 'http://127.0.0.1:3000' }).baseUrl).toBe('http://127.0.0.1:3000');
      expect(parseAppConfig({ ...PRODUCTION, BASE_URL: 'https://app.example.com' }).session.secureCookie).toBe(true);
    });

    it.each(['app.example.com', 'ftp://app.example.com', 'javascript:alert(1)'])('refuses BASE_URL %s', (baseUrl) => {
      expect(problemFor({ BASE_URL: baseUrl }, 'BASE_URL')).toMatch(/absolute http\(s\) URL/);
    });
  });

  describe('session stores', () => {
    it('SESSION_STORE=redis requires REDIS_URL', () => {
      expect(problemsOf({ SESSION_STORE: 'redis' })).toEqual(['REDIS_URL: is required when SESSION_STORE=redis']);
    });

    it('SESSION_STORE=redis with a redis:// URL', () => {
      const config = parseAppConfig({ SESSION_STORE: 'redis', REDIS_URL: 'redis://127.0.0.1:6379/2' });
      expect(config.session.redisUrl).toBe('redis://127.0.0.1:6379/2');
    });

    it('refuses a REDIS_URL that is not redis:// or rediss://', () => {
      expect(problemFor({ SESSION_STORE: 'redis', REDIS_URL: 'http://127.0.0.1:6379' }, 'REDIS_URL')).toMatch(/redis:\/\/ or rediss:\/\//);
    });

    it.each([
      ['Redis', 'redis'],
      ['SQLITE', 'sqlite'],
      [' Memory ', 'memory'],
    ])('takes SESSION_STORE=%j case-insensitively', (value, store) => {
      expect(parseAppConfig({ SESSION_STORE: value, REDIS_URL: 'redis://127.0.0.1:6379' }).session.store).toBe(store);
    });

    it('AUTH0_ORGANIZATION takes an organization id or name, and refuses anything else, naming it', () => {
      expect(parseAppConfig({}).auth0.organization).toBeUndefined();
      expect(parseAppConfig({ AUTH0_ORGANIZATION: 'org_W30K6ZyNxgS0ZLgl' }).auth0.organization).toBe('org_W30K6ZyNxgS0ZLgl');
      expect(parseAppConfig({ AUTH0_ORGANIZATION: 'acme-corp' }).auth0.organization).toBe('acme-corp');
      for (const bad of ['acme corp', 'org/1', '-acme', 'a'.repeat(51)]) {
        expect(problemFor({ AUTH0_ORGANIZATION: bad }, 'AUTH0_ORGANIZATION')).toMatch(/organization id \(org_…\) or name/);
      }
    });

    it('refuses an unknown store', () => {
      expect(problemFor({ SESSION_STORE: 'postgres' }, 'SESSION_STORE')).toBeDefined();
    });

    it('refuses an absolute timeout set shorter than an idle timeout set, naming both', () => {
      const environment = { SESSION_IDLE_TIMEOUT: '10', SESSION_ABSOLUTE_TIMEOUT: '5' };
      expect(problemFor(environment, 'SESSION_ABSOLUTE_TIMEOUT')).toMatch(/greater than or equal/);
      expect(problemFor(environment, 'SESSION_IDLE_TIMEOUT')).toMatch(/less than or equal/);
    });

    it('an absolute timeout set alone pulls the idle default down to it', () => {
      const { session } = parseAppConfig({ SESSION_ABSOLUTE_TIMEOUT: '3600' });
      expect(session).toMatchObject({ idleTimeoutSeconds: 3600, absoluteTimeoutSeconds: 3600 });
    });

    it('an idle timeout set alone pushes the absolute default up to it', () => {
      const { session } = parseAppConfig({ SESSION_IDLE_TIMEOUT: '1209600' });
      expect(session).toMatchObject({ idleTimeoutSeconds: 1_209_600, absoluteTimeoutSeconds: 1_209_600 });
    });

    it('a short idle timeout set alone keeps the week-long absolute default', () => {
      const { session } = parseAppConfig({ SESSION_IDLE_TIMEOUT: '900' });
      expect(session).toMatchObject({ idleTimeoutSeconds: 900, absoluteTimeoutSeconds: 604_800 });
    });
  });

  describe('empty values count as unset', () => {
    it('falls back to the defaults for empty and blank values', () => {
      const config = parseAppConfig({ PORT: '', BASE_URL: ' ', AUTH0_DOMAIN: '', SESSION_STORE: '', SESSION_SECRET: '', TRUST_PROXY: '' });
      expect(config.port).toBe(3000);
      expect(config.baseUrl).toBe('http://localhost:3000');
      expect(config.localIdp).not.toBeNull();
      expect(config.session.store).toBe('sqlite');
      expect(config.trustProxy).toBe(false);
    });

    it('an empty required variable in production is reported as missing', () => {
      expect(problemsOf({ ...PRODUCTION, AUTH0_CLIENT_SECRET: '', SESSION_SECRET: '   ' })).toEqual([
        'AUTH0_CLIENT_SECRET: is required when NODE_ENV=production',
        'SESSION_SECRET: is required when NODE_ENV=production',
      ]);
    });
  });

  describe('TRUST_PROXY (Express "trust proxy")', () => {
    it.each([
      [undefined, false],
      ['false', false],
      ['true', true],
      ['1', 1],
      ['2', 2],
      ['loopback', 'loopback'],
      ['loopback, 10.0.0.0/8', 'loopback, 10.0.0.0/8'],
      ['linklocal,uniquelocal', 'linklocal,uniquelocal'],
      ['10.0.0.1', '10.0.0.1'],
      ['192.168.0.0/16, 172.16.0.0/255.240.0.0', '192.168.0.0/16, 172.16.0.0/255.240.0.0'],
      ['::1, fd00::/8', '::1, fd00::/8'],
    ])('TRUST_PROXY=%s -> %s', (value, expected) => {
      expect(parseAppConfig({ TRUST_PROXY: value }).trustProxy).toBe(expected);
    });

    it.each(['yes', 'on', 'loopback,', '10.0.0.0/33', '10.0.0.256', 'proxy.internal', 'loopback; 10.0.0.1'])(
      'refuses TRUST_PROXY=%s, which Express would refuse at boot, saying what it takes',
      (value) => {
        expect(problemFor({ TRUST_PROXY: value }, 'TRUST_PROXY')).toMatch(
          /^TRUST_PROXY: must be true, false, a number of proxy hops, or a comma-separated list of loopback, linklocal, uniquelocal, IP addresses and CIDR ranges \(invalid (IP address|range on address): /,
        );
      },
    );

    it('names a bad TRUST_PROXY together with every other bad variable', () => {
      expect(problemsOf({ TRUST_PROXY: 'yes', PORT: 'x', SESSION_STORE: 'postgres' }).map((problem) => problem.split(':')[0])).toEqual([
        'PORT',
        'TRUST_PROXY',
        'SESSION_STORE',
      ]);
    });
  });

  describe('other variables', () => {
    it('AUTH0_SCOPE must include openid', () => {
      expect(problemFor({ AUTH0_SCOPE: 'profile email' }, 'AUTH0_SCOPE')).toMatch(/must include "openid"/);
      expect(parseAppConfig({ AUTH0_SCOPE: 'openid email offline_access' }).auth0.scope).toBe('openid email offline_access');
    });

    it('AUTH0_USERINFO is off unless set to true: the profile comes from the ID token', () => {
      expect(parseAppConfig({}).auth0.fetchUserInfo).toBe(false);
      expect(parseAppConfig({ AUTH0_USERINFO: 'true' }).auth0.fetchUserInfo).toBe(true);
      expect(parseAppConfig({ AUTH0_USERINFO: 'false' }).auth0.fetchUserInfo).toBe(false);
      expect(problemFor({ AUTH0_USERINFO: 'sometimes' }, 'AUTH0_USERINFO')).toMatch(/true or false/);
    });

    it('AUTH0_LOGOUT_ENDPOINT: /oidc/logout by default, /v2/logout with v2 (any case); anything else is named', () => {
      expect(parseAppConfig(TENANT).auth0.logout).toEqual({
        endpoint: 'oidc',
        url: 'https://tenant.auth0.com/oidc/logout',
        idTokenHint: false,
        federated: false,
      });
      expect(parseAppConfig({ ...TENANT, AUTH0_LOGOUT_ENDPOINT: 'V2' }).auth0.logout).toMatchObject({
        endpoint: 'v2',
        url: 'https://tenant.auth0.com/v2/logout',
      });
      expect(problemFor({ AUTH0_LOGOUT_ENDPOINT: 'v3' }, 'AUTH0_LOGOUT_ENDPOINT')).toMatch(/oidc .* or v2/);
    });

    it('AUTH0_LOGOUT_ID_TOKEN_HINT and AUTH0_LOGOUT_FEDERATED are true or false; an ID token hint needs /oidc/logout', () => {
      const { logout } = parseAppConfig({ AUTH0_LOGOUT_ID_TOKEN_HINT: 'true', AUTH0_LOGOUT_FEDERATED: 'true' }).auth0;
      expect(logout).toMatchObject({ idTokenHint: true, federated: true });
      expect(problemFor({ AUTH0_LOGOUT_ID_TOKEN_HINT: 'yes please' }, 'AUTH0_LOGOUT_ID_TOKEN_HINT')).toMatch(/true or false/);
      expect(problemFor({ AUTH0_LOGOUT_FEDERATED: 'maybe' }, 'AUTH0_LOGOUT_FEDERATED')).toMatch(/true or false/);
      expect(problemFor({ AUTH0_LOGOUT_ENDPOINT: 'v2', AUTH0_LOGOUT_ID_TOKEN_HINT: 'true' }, 'AUTH0_LOGOUT_ID_TOKEN_HINT')).toMatch(
        /set AUTH0_LOGOUT_ENDPOINT=oidc/,
      );
    });

    it('AUTH0_TRUSTED_AUDIENCES is a comma-separated list, empty by default', () => {
      expect(parseAppConfig({}).auth0.trustedIdTokenAudiences).toEqual([]);
      expect(parseAppConfig({ AUTH0_TRUSTED_AUDIENCES: ' https://a.example , https://b.example ,' }).auth0.trustedIdTokenAudiences).toEqual([
        'https://a.example',
        'https://b.example',
      ]);
    });

    it('AUTH0_ROLES_CLAIM defaults to a namespaced claim and reaches the local sign-in server', () => {
      const config = parseAppConfig({});
      expect(config.auth0.rolesClaim).toBe('https://nestjs-auth0-login.example/roles');
      expect(config.localIdp?.rolesClaim).toBe(config.auth0.rolesClaim);
      expect(parseAppConfig({ AUTH0_ROLES_CLAIM: 'https://app.example.com/roles' }).auth0.rolesClaim).toBe('https://app.example.com/roles');
      expect(parseAppConfig({ ...TENANT, AUTH0_ROLES_CLAIM: 'roles' }).auth0.rolesClaim).toBe('roles');
    });

    it.each([
      ['a standard claim', 'email', /standard ID token claim/],
      ['a claim the session drops', 'sid', /standard ID token claim/],
      ['a name with spaces', 'https://app.example.com/my roles', /without spaces/],
      ['an Auth0-reserved namespace', 'https://tenant.auth0.com/roles', /Auth0 drops/],
      ['a webtask namespace', 'http://webtask.io/roles', /Auth0 drops/],
    ])('refuses AUTH0_ROLES_CLAIM set to %s', (_case, value, message) => {
      expect(problemFor({ AUTH0_ROLES_CLAIM: value }, 'AUTH0_ROLES_CLAIM')).toMatch(message);
    });

    it('AUTH0_AUDIENCE is passed through', () => {
      expect(parseAppConfig({ AUTH0_AUDIENCE: 'https://api.example.com' }).auth0.audience).toBe('https://api.example.com');
    });

    it.each(['-1', '65536', '3000.5', 'abc'])('refuses PORT=%s', (port) => {
      expect(problemFor({ PORT: port }, 'PORT')).toBeDefined();
    });

    it('refuses an unknown NODE_ENV', () => {
      expect(problemFor({ NODE_ENV: 'prod' }, 'NODE_ENV')).toBeDefined();
    });
  });
});
