import { MULTI_FACTOR_POLICY } from '../../common/multi-factor-policy.js';
import { type LoginParameter, oneOf } from './login-parameter.js';

/**
 * The authentication policy asked for (OIDC Core 3.1.2.1): only multi-factor, which @RequireMfa
 * asks and the callback can verify (the ID token's `amr` names `mfa`); any other could not be checked.
 */
export const acrValues: LoginParameter = oneOf('acr_values', [MULTI_FACTOR_POLICY]);
