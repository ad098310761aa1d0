import { randomBytes } from 'node:crypto';
import type { Request } from 'express';
import type { SessionData } from 'express-session';
import type { PendingLogin } from '../session/session-data.js';
import {
  type PkceStateStore,
  putAuth0AuthParams,
  type StateStoreMeta,
  type StoreCallback,
  takeAuth0AuthParams,
  type VerifyStateCallback,
} from './passport-auth0.adapter.js';

// Long enough to sign in (Auth0's codes themselves live 10 minutes), short enough not to pile up.
export const LOGIN_TRANSACTION_TTL_MS = 10 * 60_000;

// Logins one browser may have pending at once (several tabs, a double click); a newer one evicts the oldest.
export const MAX_PENDING_LOGIN_TRANSACTIONS = 5;

/** What the app hands passport-oauth2 as the `state` authenticate option, and gets back at `req.authInfo.state`. */
export type LoginTransactionState = NonNullable<PendingLogin['appState']>;

interface SessionRequest {
  session: Partial<SessionData>;
}

/**
 * passport-oauth2's `store` option (PassportAuth0Adapter describes the protocol). Its own session
 * store keeps one transaction per browser, so a second tab's /login overwrote the first's; this
 * one keeps a transaction per state value:
 * - state is random, bound to this browser's session and usable once (CSRF, RFC 6749 §10.12,
 *   RFC 9700 §4.7); unknown, used or expired states fail;
 * - the PKCE verifier (RFC 7636 §4.1) and passport-auth0's nonce belong to the transaction,
 *   so a callback can only redeem a code with the verifier and nonce of its own request;
 * - at most MAX_PENDING_LOGIN_TRANSACTIONS per session, each expiring after LOGIN_TRANSACTION_TTL_MS.
 */
export class LoginTransactionStore implements PkceStateStore<LoginTransactionState> {
  constructor(private readonly now: () => number = Date.now) {}

  store(req: SessionRequest, verifier: string, state: LoginTransactionState | undefined, _meta: StateStoreMeta, callback: StoreCallback): void {
    // passport-auth0 put this request's nonce in its session slot just before; it moves into the transaction.
    const authParams = takeAuth0AuthParams(req);
    if (authParams?.nonce === undefined) return callback(new Error('passport-auth0 set no nonce for this login'));
    const transaction: PendingLogin = {
      state: randomBytes(32).toString('base64url'),
      codeVerifier: verifier,
      authParams,
      appState: state,
      expiresAt: this.now() + LOGIN_TRANSACTION_TTL_MS,
    };
    this.keep(req, [...this.unexpired(req), transaction].slice(-MAX_PENDING_LOGIN_TRANSACTIONS));
    callback(null, transaction.state);
  }

  verify(req: SessionRequest, providedState: string | undefined, callback: VerifyStateCallback<LoginTransactionState>): void {
    const transaction = req.session.loginTransactions?.find((pending) => pending.state === providedState);
    // Used once, whatever the outcome.
    this.keep(
      req,
      this.unexpired(req).filter((pending) => pending !== transaction),
    );
    const idTokenParams = takeAuth0AuthParams(req);
    if (transaction === undefined) return callback(null, false, { message: 'Unable to verify authorization request state.' });
    if (transaction.expiresAt <= this.now()) return callback(null, false, { message: 'Login transaction expired.' });
    // passport-auth0 read its nonce before this point: it must have been this transaction's (selectIdTokenParams).
    if (idTokenParams?.nonce !== transaction.authParams.nonce) {
      return callback(new Error('passport-auth0 would check the ID token against another nonce'), false);
    }
    callback(null, transaction.codeVerifier, transaction.appState);
  }

  private unexpired(req: SessionRequest): PendingLogin[] {
    const now = this.now();
    return (req.session.loginTransactions ?? []).filter((pending) => pending.expiresAt > now);
  }

  private keep(req: SessionRequest, pending: PendingLogin[]): void {
    if (pending.length === 0) delete req.session.loginTransactions;
    else req.session.loginTransactions = pending;
  }
}

/**
 * passport-auth0 reads the nonce and scope for its ID token checks from `req.session.authParams`
 * when the callback arrives, before passport-oauth2 verifies the state. Put there the ones of the
 * transaction this callback names (or nothing); verify() then consumes that same transaction.
 */
export function selectIdTokenParams(req: SessionRequest & Pick<Request, 'query'>): void {
  const state = req.query.state;
  const transaction = req.session.loginTransactions?.find((pending) => pending.state === state);
  putAuth0AuthParams(req, transaction?.authParams);
}
