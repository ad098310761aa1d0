import { type LoginParameter, oneOf } from './login-parameter.js';

/**
 * `login` asks for the password again, `consent` for the consent screen (OIDC Core 3.1.2.1).
 * `none` is refused: it asks the IdP not to show anything and, without a session there, to answer
 * the callback with `login_required`, which a visitor following a link would only see as an error.
 */
export const prompt: LoginParameter = oneOf('prompt', ['login', 'consent']);
