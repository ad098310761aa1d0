/** The API the token suites ask tokens for (AUTH0_AUDIENCE). */
export const API_AUDIENCE = 'https://api.example.test/';
/** A scope that asks for a refresh token. */
export const OFFLINE_SCOPE = 'openid profile email offline_access';
