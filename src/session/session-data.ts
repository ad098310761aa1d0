declare module 'express-session' {
  interface SessionData {
    /** When the user logged in (ms since epoch): the absolute timeout counts from here. */
    authenticatedAt?: number;
  }
}

export {};
