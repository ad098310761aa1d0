import type passport from 'passport';
import { Strategy, type StrategyOption, type VerifyFunction } from 'passport-auth0';
import type { TokenSet } from '../idp/token-endpoint.js';
import type { Auth0AuthParams } from '../session/session-data.js';

/*
 * Everything the login flow takes from passport-auth0 1.4 and passport-oauth2 1.8 beyond their
 * documented options lives in this file. test/unit/auth/passport-auth0.adapter.spec.ts fails when
 * an upgrade moves any of it: read this file again before changing either version.
 */

interface SessionRequest {
  session: { authParams?: Auth0AuthParams };
}

/**
 * passport-auth0 keeps one nonce per browser: /login's authenticate() writes a fresh one to
 * `req.session.authParams` just before passport-oauth2 calls the state store. The store takes it
 * out of that slot and keeps it with its own transaction (LoginTransactionStore.store).
 */
export function takeAuth0AuthParams(req: SessionRequest): Auth0AuthParams | undefined {
  const authParams = req.session.authParams;
  delete req.session.authParams;
  return authParams;
}

/**
 * At the callback passport-auth0 reads `req.session.authParams` (before passport-oauth2 verifies
 * the state) and checks the ID token's nonce against it. Put there the parameters of the
 * transaction the callback names, or nothing (selectIdTokenParams).
 */
export function putAuth0AuthParams(req: SessionRequest, authParams: Auth0AuthParams | undefined): void {
  if (authParams === undefined) delete req.session.authParams;
  else req.session.authParams = authParams;
}

/** What passport-oauth2 passes to a state store; the app's store does not need it. */
export interface StateStoreMeta {
  authorizationURL: string;
  tokenURL: string;
  clientID: string;
  callbackURL?: string;
}

export type StoreCallback = (error: Error | null, state?: string) => void;
export type VerifyStateCallback<TState> = (
  error: Error | null,
  codeVerifier: string | false,
  stateOrInfo?: TState | { message: string },
) => void;

/**
 * passport-oauth2's `store` option in its PKCE form. passport-oauth2 picks the form by the
 * methods' arity, so these must keep exactly 5 (store) and 3 (verify) parameters. Replaces its
 * PKCESessionStore, which keeps one transaction per browser (LoginTransactionStore keeps one per state).
 */
export interface PkceStateStore<TState> {
  store(req: SessionRequest, verifier: string, state: TState | undefined, meta: StateStoreMeta, callback: StoreCallback): void;
  verify(req: SessionRequest, providedState: string | undefined, callback: VerifyStateCallback<TState>): void;
}

/** Runs the authorization code exchange; `params` are passport-oauth2's (grant_type, redirect_uri, code_verifier). */
export type CodeExchangeFunction = (code: string, params: Record<string, string>) => Promise<TokenSet>;

export interface PassportAuth0Options extends StrategyOption {
  // Read by passport-auth0 and passport-oauth2, not declared by @types/passport-auth0.
  authorizationURL: string;
  tokenURL: string;
  userInfoURL: string;
  expectedIssuer: string;
  pkce: true;
  store: PkceStateStore<unknown>;
  skipUserProfile: true;
  // This adapter's own.
  /** The Passport this strategy runs on (see Auth0Strategy.getPassportInstance). */
  passport: passport.Authenticator;
  /** Replaces node-oauth's token request. */
  exchangeCode: CodeExchangeFunction;
  /** The authenticate options that may reach /authorize; every other one is dropped. */
  authorizationParameters: ReadonlySet<string>;
}

/**
 * passport-oauth2 wraps whatever the token request failed with in an InternalOAuthError and keeps
 * the original as `oauthError`: the one our exchangeCode threw (an IdpCallError, say).
 */
export function tokenRequestCause(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'oauthError' in error ? error.oauthError : undefined;
}

type TokenCallback = (error: unknown, accessToken?: string, refreshToken?: string, results?: TokenSet) => void;

/** The members of passport-auth0's Strategy (and passport-oauth2's beneath it) that its types do not declare. */
interface StrategyInternals {
  _oauth2: { getOAuthAccessToken(code: string, params: Record<string, string>, callback: TokenCallback): void };
  authorizationParams(options: Record<string, unknown>): object;
}

const passportAuth0 = Strategy.prototype as unknown as StrategyInternals;

/**
 * passport-auth0's Strategy with two of its methods replaced. Everything else is the library's:
 * the authorization request (state, nonce, PKCE S256), the state check at the callback, and the
 * ID token claim checks (iss, aud/azp, exp, iat, nonce) before the verify callback runs. The
 * verify callback gets (accessToken, refreshToken, tokens, profile): passport-auth0 wraps it in a
 * five-parameter function, which is how passport-oauth2 knows to pass the token response.
 */
export class PassportAuth0Adapter extends Strategy {
  private readonly authorizationParameters: ReadonlySet<string>;
  protected readonly passport: passport.Authenticator;

  constructor(options: PassportAuth0Options, verify: VerifyFunction) {
    const { exchangeCode, authorizationParameters, passport, ...strategyOptions } = options;
    super(strategyOptions, verify);
    this.authorizationParameters = authorizationParameters;
    this.passport = passport;
    this.replaceTokenRequest(exchangeCode);
  }

  /**
   * passport-auth0 copies every authenticate option it does not know into the /authorize URL
   * (Nest's `session` flag, the application state object). Only the parameters Auth0 defines go
   * out; passport-auth0 still adds its nonce, passport-oauth2 the state and PKCE challenge. It drops
   * a `max_age` option (it sends only its strategy-wide `maxAge`), so a login's own goes back in.
   * The result is one object: each parameter reaches the URL once.
   */
  authorizationParams(options: Record<string, unknown>): object {
    const { max_age: maxAge, ...allowed } = Object.fromEntries(
      Object.entries(options).filter(([name]) => this.authorizationParameters.has(name)),
    );
    const params = passportAuth0.authorizationParams.call(this, allowed);
    return maxAge === undefined ? params : { ...params, max_age: maxAge };
  }

  /**
   * passport-oauth2 exchanges the code through node-oauth's `_oauth2.getOAuthAccessToken`, which
   * has no timeout, no size limit and no shape check. `exchangeCode` (exchangeAuthorizationCode on
   * IdpHttpClient) brings all three: timeout, response cap, no redirects, and a token response
   * that must be Bearer and carry an id_token when openid was asked for.
   */
  private replaceTokenRequest(exchangeCode: CodeExchangeFunction): void {
    const oauth2 = (this as unknown as StrategyInternals)._oauth2;
    oauth2.getOAuthAccessToken = (code, params, callback) => {
      exchangeCode(code, params).then(
        (tokens) => callback(null, tokens.access_token, tokens.refresh_token, tokens),
        (error: unknown) => callback(error),
      );
    };
  }
}
