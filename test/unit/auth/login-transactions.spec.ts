import { randomBytes } from 'node:crypto';
import type { SessionData } from 'express-session';
import { describe, expect, it } from 'vitest';
import {
  LOGIN_TRANSACTION_TTL_MS,
  LoginTransactionStore,
  type LoginTransactionState,
  MAX_PENDING_LOGIN_TRANSACTIONS,
  selectIdTokenParams,
} from '../../../src/auth/login-transactions.js';

const META = { authorizationURL: 'https://idp.test/authorize', tokenURL: 'https://idp.test/oauth/token', clientID: 'client' };

interface Browser {
  session: Partial<SessionData>;
  query: { state?: string };
}

type Verified = { ok: false; message: string } | { ok: true; codeVerifier: string; appState: LoginTransactionState | undefined };

/** The store plus a clock the test moves by hand. */
function storeWithClock(): { store: LoginTransactionStore; advance: (ms: number) => void } {
  let now = Date.parse('2026-12-01T10:00:00Z');
  return { store: new LoginTransactionStore(() => now), advance: (ms) => (now += ms) };
}

/** What /login does: passport-auth0 fills its slot, then passport-oauth2 calls store(). */
function startLogin(
  store: LoginTransactionStore,
  browser: Browser,
  returnTo = '/dashboard',
): { state: string; verifier: string; nonce: string } {
  const verifier = randomBytes(32).toString('base64url');
  const nonce = randomBytes(16).toString('hex');
  browser.session.authParams = { scope: 'openid profile email', nonce };
  let handle: string | undefined;
  store.store(browser, verifier, { returnTo }, META, (error, state) => {
    if (error) throw error;
    handle = state;
  });
  if (handle === undefined) throw new Error('store() did not answer synchronously');
  return { state: handle, verifier, nonce };
}

/** What /callback does: the guard selects passport-auth0's nonce, then passport-oauth2 calls verify(). */
function callback(store: LoginTransactionStore, browser: Browser, state: string | undefined): Verified {
  browser.query = { state };
  selectIdTokenParams(browser);
  let result: Verified | undefined;
  store.verify(browser, state, (error, codeVerifier, stateOrInfo) => {
    if (error) throw error;
    if (codeVerifier === false)
      result = { ok: false, message: stateOrInfo !== undefined && 'message' in stateOrInfo ? stateOrInfo.message : '' };
    else result = { ok: true, codeVerifier, appState: stateOrInfo !== undefined && 'returnTo' in stateOrInfo ? stateOrInfo : undefined };
  });
  if (result === undefined) throw new Error('verify() did not answer synchronously');
  return result;
}

function newBrowser(): Browser {
  return { session: {}, query: {} };
}

describe('LoginTransactionStore', () => {
  it('has the arities passport-oauth2 reads to pick its PKCE form (store 5, verify 3)', () => {
    const { store } = storeWithClock();
    expect(store.store.length).toBe(5);
    expect(store.verify.length).toBe(3);
  });

  it('hands back the verifier and application state of the transaction the state names', () => {
    const { store } = storeWithClock();
    const browser = newBrowser();
    const first = startLogin(store, browser, '/reports');
    const second = startLogin(store, browser, '/settings');
    expect(first.state).not.toBe(second.state);
    expect(first.state).toMatch(/^[A-Za-z0-9_-]{43}$/);

    expect(callback(store, browser, first.state)).toEqual({ ok: true, codeVerifier: first.verifier, appState: { returnTo: '/reports' } });
    expect(callback(store, browser, second.state)).toEqual({ ok: true, codeVerifier: second.verifier, appState: { returnTo: '/settings' } });
    expect(browser.session.loginTransactions).toBeUndefined();
  });

  it("moves passport-auth0's nonce into the transaction and selects it back for that transaction's callback only", () => {
    const { store } = storeWithClock();
    const browser = newBrowser();
    const first = startLogin(store, browser);
    const second = startLogin(store, browser);
    expect(browser.session.authParams).toBeUndefined();

    browser.query = { state: first.state };
    selectIdTokenParams(browser);
    expect(browser.session.authParams).toEqual({ scope: 'openid profile email', nonce: first.nonce });
    browser.query = { state: second.state };
    selectIdTokenParams(browser);
    expect(browser.session.authParams?.nonce).toBe(second.nonce);
    browser.query = { state: 'unknown' };
    selectIdTokenParams(browser);
    expect(browser.session.authParams).toBeUndefined();
  });

  it('refuses a verification when passport-auth0 was not given the nonce of that transaction', () => {
    const { store } = storeWithClock();
    const browser = newBrowser();
    const first = startLogin(store, browser);
    const second = startLogin(store, browser);
    browser.query = { state: second.state };
    selectIdTokenParams(browser);
    let failure: Error | null = null;
    store.verify(browser, first.state, (error) => (failure = error));
    expect(failure).toBeInstanceOf(Error);
  });

  it('refuses to start a transaction without a nonce from passport-auth0', () => {
    const { store } = storeWithClock();
    let failure: Error | null = null;
    store.store(newBrowser(), 'verifier', undefined, META, (error) => (failure = error));
    expect(failure).toBeInstanceOf(Error);
  });

  it('uses a state once: a replay fails, the other pending transactions stay', () => {
    const { store } = storeWithClock();
    const browser = newBrowser();
    const first = startLogin(store, browser);
    const second = startLogin(store, browser);
    expect(callback(store, browser, first.state).ok).toBe(true);
    expect(callback(store, browser, first.state)).toEqual({ ok: false, message: 'Unable to verify authorization request state.' });
    expect(callback(store, browser, second.state).ok).toBe(true);
  });

  it('fails an unknown or missing state without touching the pending transactions', () => {
    const { store } = storeWithClock();
    const browser = newBrowser();
    const pending = startLogin(store, browser);
    expect(callback(store, browser, 'forged').ok).toBe(false);
    expect(callback(store, browser, undefined).ok).toBe(false);
    expect(callback(store, browser, '__proto__').ok).toBe(false);
    expect(callback(store, browser, pending.state).ok).toBe(true);
  });

  it('binds states to their session: another browser cannot use them', () => {
    const { store } = storeWithClock();
    const victim = newBrowser();
    const started = startLogin(store, victim);
    expect(callback(store, newBrowser(), started.state).ok).toBe(false);
    expect(callback(store, victim, started.state).ok).toBe(true);
  });

  it(`keeps the ${MAX_PENDING_LOGIN_TRANSACTIONS} newest: one more evicts only the oldest`, () => {
    const { store } = storeWithClock();
    const browser = newBrowser();
    const started = Array.from({ length: MAX_PENDING_LOGIN_TRANSACTIONS + 1 }, () => startLogin(store, browser));
    expect(browser.session.loginTransactions).toHaveLength(MAX_PENDING_LOGIN_TRANSACTIONS);
    expect(callback(store, browser, started[0]?.state).ok).toBe(false);
    for (const later of started.slice(1)) expect(callback(store, browser, later.state).ok).toBe(true);
  });

  it('expires each transaction after the TTL counted from its own start', () => {
    const { store, advance } = storeWithClock();
    const browser = newBrowser();
    const older = startLogin(store, browser);
    advance(LOGIN_TRANSACTION_TTL_MS / 2);
    const newer = startLogin(store, browser);
    advance(LOGIN_TRANSACTION_TTL_MS / 2);
    expect(callback(store, browser, older.state)).toEqual({ ok: false, message: 'Login transaction expired.' });
    advance(LOGIN_TRANSACTION_TTL_MS / 2 - 1);
    expect(callback(store, browser, newer.state).ok).toBe(true);
  });

  it('drops expired transactions whenever the store is touched', () => {
    const { store, advance } = storeWithClock();
    const browser = newBrowser();
    startLogin(store, browser);
    startLogin(store, browser);
    advance(LOGIN_TRANSACTION_TTL_MS);
    const fresh = startLogin(store, browser);
    expect(browser.session.loginTransactions?.map((pending) => pending.state)).toEqual([fresh.state]);

    advance(LOGIN_TRANSACTION_TTL_MS);
    expect(callback(store, browser, 'unknown').ok).toBe(false);
    expect(browser.session.loginTransactions).toBeUndefined();
  });
});
