/**
 * The `acr_values` policy that asks for multi-factor authentication (OpenID Provider Authentication
 * Policy Extension 1.0 §4; Auth0 docs, "Configure Step-up Authentication for Web Apps").
 */
export const MULTI_FACTOR_POLICY = 'http://schemas.openid.net/pape/policies/2007/06/multi-factor';
