declare module 'express-session' {
  interface SessionData {
    /** Where to send the user after login: already checked to be a same-origin path. */
    returnTo?: string;
  }
}

export {};
