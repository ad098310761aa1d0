import { createRequire } from 'node:module';
import type { SessionData } from 'express-session';
import passport from 'passport';
import { Strategy } from 'passport-auth0';
import { describe, expect, it } from 'vitest';
import type { TokenSet } from '../../../src/idp/token-endpoint.js';
import {
  type CodeExchangeFunction,
  PassportAuth0Adapter,
  type PassportAuth0Options,
  type PkceStateStore,
  tokenRequestCause,
} from '../../../src/auth/passport-auth0.adapter.js';
import { anyString, stringMatching } from '../../support/matchers.js';

/*
 * Pins the passport-auth0 / passport-oauth2 internals that src/auth/passport-auth0.adapter.ts relies
 * on. A failure here after an upgrade means the adapter (and LoginTransactionStore) must be
 * reviewed against the new version before anything else.
 */

const require = createRequire(import.meta.url);
const versions = {
  'passport-auth0': (require('passport-auth0/package.json') as { version: string }).version,
  'passport-oauth2': (require('passport-oauth2/package.json') as { version: string }).version,
};

const CALLBACK_URL = 'https://app.test/callback';
const ISSUER = 'https://idp.test/';

interface FakeRequest {
  query: Record<string, string>;
  session: Partial<SessionData>;
}

/** What passport's authenticate middleware gives each request: the strategy plus its actions. */
interface Attempt {
  authenticate(req: FakeRequest, options: Record<string, unknown>): void;
  redirect(url: string): void;
  success(user: unknown, info: unknown): void;
  fail(info: unknown): void;
  error(error: unknown): void;
}

type Outcome = { redirect: string } | { success: unknown; info: unknown } | { fail: unknown } | { error: unknown };

interface StoreCall {
  store?: { arity: number; authParams: unknown; verifier: string; state: unknown };
  verify?: { arity: number; state: string | undefined };
}

/** A state store that records how passport-oauth2 calls it, with the shape LoginTransactionStore has. */
function recordingStore(calls: StoreCall): PkceStateStore<unknown> {
  return {
    store(req, verifier, state, _meta, callback) {
      calls.store = { arity: arguments.length, authParams: structuredClone(req.session.authParams), verifier, state };
      callback(null, 'opaque-state');
    },
    verify(req, providedState, callback) {
      calls.verify = { arity: arguments.length, state: providedState };
      // LoginTransactionStore empties passport-auth0's slot here: the nonce must have been read before.
      delete req.session.authParams;
      callback(null, 'the-code-verifier', { returnTo: '/dashboard' });
    },
  };
}

function options(store: PkceStateStore<unknown>, exchangeCode: CodeExchangeFunction): PassportAuth0Options {
  return {
    passport: new passport.Passport(),
    domain: 'idp.test',
    clientID: 'client-id',
    clientSecret: 'client-secret',
    callbackURL: CALLBACK_URL,
    authorizationURL: 'https://idp.test/authorize',
    tokenURL: 'https://idp.test/oauth/token',
    userInfoURL: 'https://idp.test/userinfo',
    expectedIssuer: ISSUER,
    state: true,
    pkce: true,
    store,
    skipUserProfile: true,
    exchangeCode,
    authorizationParameters: new Set(['audience', 'prompt']),
  };
}

/** An ID token passport-auth0 accepts: it checks the claims, not the signature (validate() does that). */
function idToken(claims: Record<string, unknown>): string {
  const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode({ iss: ISSUER, sub: 'auth0|1', aud: 'client-id', iat: now, exp: now + 60, ...claims })}.signature`;
}

/** Runs one request through the strategy the way passport.authenticate() does, and reports the outcome. */
function run(strategy: PassportAuth0Adapter, req: FakeRequest, authenticateOptions: Record<string, unknown>): Promise<Outcome> {
  return new Promise((resolve) => {
    const attempt = Object.create(strategy) as Attempt;
    attempt.redirect = (url) => resolve({ redirect: url });
    attempt.success = (user, info) => resolve({ success: user, info });
    attempt.fail = (info) => resolve({ fail: info });
    attempt.error = (error) => resolve({ error });
    attempt.authenticate(req, authenticateOptions);
  });
}

interface Verified {
  args: unknown[];
}

function adapter(calls: StoreCall, exchangeCode: CodeExchangeFunction, verified: Verified): PassportAuth0Adapter {
  // The shape PassportStrategy gives validate(): (accessToken, refreshToken, tokens, profile, done).
  return new PassportAuth0Adapter(options(recordingStore(calls), exchangeCode), (...args) => {
    verified.args = args;
    args[4]?.(null, { id: 'auth0|1' });
  });
}

describe(`passport-auth0 internals the adapter relies on (passport-auth0 ${versions['passport-auth0']}, passport-oauth2 ${versions['passport-oauth2']})`, () => {
  it('passport-auth0 defines authorizationParams(options) on its prototype, for the adapter to filter', () => {
    expect(Object.hasOwn(Strategy.prototype, 'authorizationParams')).toBe(true);
    expect((Strategy.prototype as unknown as { authorizationParams: unknown }).authorizationParams).toBeTypeOf('function');
  });

  it('passport-oauth2 keeps a node-oauth client at _oauth2 with getOAuthAccessToken(code, params, callback)', () => {
    const plain = new Strategy(
      options(recordingStore({}), async () => Promise.reject(new Error('unused'))),
      () => undefined,
    );
    const oauth2 = (plain as unknown as { _oauth2?: { getOAuthAccessToken?: unknown } })._oauth2;
    expect(oauth2?.getOAuthAccessToken).toBeTypeOf('function');
    expect((oauth2?.getOAuthAccessToken as (...args: unknown[]) => unknown).length).toBe(3);
  });

  it('passport-oauth2 takes the `store` option as its state store', () => {
    const store = recordingStore({});
    const plain = new Strategy(
      options(store, async () => Promise.reject(new Error('unused'))),
      () => undefined,
    );
    expect((plain as unknown as { _stateStore: unknown })._stateStore).toBe(store);
  });

  it('/login: passport-auth0 writes scope and nonce to req.session.authParams before passport-oauth2 calls store() with 5 arguments; only allowed options reach /authorize', async () => {
    const calls: StoreCall = {};
    const strategy = adapter(calls, async () => Promise.reject(new Error('unused')), { args: [] });
    const req: FakeRequest = { query: {}, session: {} };

    const outcome = await run(strategy, req, {
      scope: 'openid profile',
      audience: 'https://api.test',
      session: true,
      state: { returnTo: '/dashboard' },
      not_an_auth0_parameter: 'x',
    });

    expect(calls.store).toMatchObject({ arity: 5, state: { returnTo: '/dashboard' } });
    const authParams = calls.store?.authParams as { scope: string; nonce: string };
    expect(authParams).toEqual({ scope: 'openid profile', nonce: stringMatching(/^[0-9a-f]{32}$/) });
    expect(outcome).toHaveProperty('redirect');
    const url = new URL((outcome as { redirect: string }).redirect);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      audience: 'https://api.test',
      nonce: authParams.nonce,
      response_type: 'code',
      redirect_uri: CALLBACK_URL,
      scope: 'openid profile',
      code_challenge: anyString(),
      code_challenge_method: 'S256',
      state: 'opaque-state',
      client_id: 'client-id',
    });
  });

  it('/login: passport-auth0 drops a max_age option and copies other unknown options as they are; the adapter puts max_age back, each parameter once', async () => {
    const unused: CodeExchangeFunction = async () => Promise.reject(new Error('unused'));
    const plain = new Strategy(options(recordingStore({}), unused), () => undefined) as unknown as {
      authorizationParams(options: object): Record<string, unknown>;
    };
    expect(plain.authorizationParams({ max_age: '300', screen_hint: 'signup', prompt: 'login' })).toEqual({
      screen_hint: 'signup',
      prompt: 'login',
    });

    const strategy = new PassportAuth0Adapter(
      { ...options(recordingStore({}), unused), authorizationParameters: new Set(['max_age', 'screen_hint', 'prompt']) },
      () => undefined,
    );
    const outcome = await run(strategy, { query: {}, session: {} }, { scope: 'openid', max_age: '300', screen_hint: 'signup', prompt: 'login' });
    const url = new URL((outcome as { redirect: string }).redirect);
    for (const name of ['max_age', 'screen_hint', 'prompt']) expect(url.searchParams.getAll(name)).toHaveLength(1);
    expect(url.searchParams.get('max_age')).toBe('300');
  });

  it('/callback: passport-auth0 reads the nonce from req.session.authParams before verify() (3 arguments); the code goes to exchangeCode; validate() gets the token response third', async () => {
    const calls: StoreCall = {};
    const exchanged: { code?: string; params?: Record<string, string> } = {};
    const tokens: TokenSet = { access_token: 'at', token_type: 'Bearer', id_token: idToken({ nonce: 'n-1' }) };
    const verified: Verified = { args: [] };
    const strategy = adapter(
      calls,
      (code, params) => {
        Object.assign(exchanged, { code, params });
        return Promise.resolve(tokens);
      },
      verified,
    );
    const req: FakeRequest = {
      query: { code: 'the-code', state: 'opaque-state' },
      session: { authParams: { scope: 'openid profile', nonce: 'n-1' } },
    };

    const outcome = await run(strategy, req, { scope: 'openid profile' });

    expect(calls.verify).toEqual({ arity: 3, state: 'opaque-state' });
    expect(exchanged).toEqual({
      code: 'the-code',
      params: { grant_type: 'authorization_code', redirect_uri: CALLBACK_URL, code_verifier: 'the-code-verifier' },
    });
    expect(verified.args).toHaveLength(5);
    expect(verified.args.slice(0, 3)).toEqual(['at', undefined, tokens]);
    expect(outcome).toEqual({ success: { id: 'auth0|1' }, info: { state: { returnTo: '/dashboard' } } });
  });

  it('/callback: passport-auth0 refuses an ID token whose nonce is not the one in req.session.authParams', async () => {
    const verified: Verified = { args: [] };
    const strategy = adapter(
      {},
      () => Promise.resolve({ access_token: 'at', token_type: 'Bearer', id_token: idToken({ nonce: 'other' }) }),
      verified,
    );
    const req: FakeRequest = { query: { code: 'the-code', state: 'opaque-state' }, session: { authParams: { scope: 'openid', nonce: 'n-1' } } };

    const outcome = await run(strategy, req, { scope: 'openid' });

    expect(outcome).toHaveProperty('error');
    expect(String((outcome as { error: Error }).error.message)).toMatch(/^Nonce \(nonce\) claim mismatch/);
    expect(verified.args).toEqual([]);
  });

  it("/callback: passport-oauth2 wraps exchangeCode's error, which tokenRequestCause() unwraps", async () => {
    const cause = new Error('token endpoint timed out');
    const strategy = adapter({}, async () => Promise.reject(cause), { args: [] });
    const req: FakeRequest = { query: { code: 'the-code', state: 'opaque-state' }, session: { authParams: { scope: 'openid', nonce: 'n-1' } } };

    const outcome = await run(strategy, req, { scope: 'openid' });

    expect(outcome).toHaveProperty('error');
    expect(tokenRequestCause((outcome as { error: unknown }).error)).toBe(cause);
  });
});
