import type { LoginTransaction } from './login-transactions.js';

declare module 'express-session' {
  interface SessionData {
    /** Logins started in this browser and not yet completed, oldest first (LoginTransactionStore). */
    loginTransactions?: LoginTransaction[];
    // passport-auth0's own slot, authParams, is declared with the code that handles it (passport-auth0.adapter.ts).
  }
}

export {};
