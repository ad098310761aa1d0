import type { Auth0AuthParams, LoginTransaction } from './login-transactions.js';

declare module 'express-session' {
  interface SessionData {
    /** Logins started in this browser and not yet completed, oldest first (LoginTransactionStore). */
    loginTransactions?: LoginTransaction[];
    /** passport-auth0's own slot: only ever the nonce of the transaction the current request handles. */
    authParams?: Auth0AuthParams;
  }
}

export {};
