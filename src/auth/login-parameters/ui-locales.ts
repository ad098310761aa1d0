import { type LoginParameter, matching } from './login-parameter.js';

/** The languages for the login page, by preference: space-separated BCP 47 tags (OIDC Core 3.1.2.1), e.g. `fr-CA fr en`. */
export const uiLocales: LoginParameter = matching(
  'ui_locales',
  64,
  /^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*(?: [A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*)*$/,
  'space-separated language tags such as "fr-CA en"',
);
