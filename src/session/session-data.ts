declare module 'express-session' {
  interface SessionData {
    /** When the user logged in (ms since epoch): the absolute timeout counts from here. */
    authenticatedAt?: number;
    /** Who logged in (the IdP's `sub`), for the log line when the session ends. */
    subject?: string;
  }
}

export {};
