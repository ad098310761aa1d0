declare module 'express-session' {
  interface SessionData {
    /** When the user logged in (ms since epoch): the absolute timeout counts from here. */
    authenticatedAt?: number;
    /** Who logged in (the IdP's `sub`), for the log line when the session ends. */
    subject?: string;
    /** The touch interval the session was last saved in: a new one saves it and re-sends the cookie. */
    rollingInterval?: number;
  }
}

export {};
