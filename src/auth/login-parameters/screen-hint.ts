import { type LoginParameter, oneOf } from './login-parameter.js';

/** Which screen Auth0's Universal Login opens on: `signup` for the sign-up link, `login` is its default. */
export const screenHint: LoginParameter = oneOf('screen_hint', ['signup', 'login']);
