import { interactionPolicy, type KoaContextWithOIDC } from 'oidc-provider';
import { MULTI_FACTOR_POLICY } from '../common/multi-factor-policy.js';
import { type OrganizationDirectory, requestedOrganization } from './organizations.js';

export function asksMultiFactor(acrValues: unknown): boolean {
  return typeof acrValues === 'string' && acrValues.split(' ').includes(MULTI_FACTOR_POLICY);
}

const { Check, base } = interactionPolicy;

/**
 * oidc-provider's prompts, and two more reasons to show the sign-in page although the browser has
 * a session here, as Auth0 does: the app asks for multi-factor and this session's login had none
 * (acr_values is voluntary in OIDC, so oidc-provider alone would reuse the session), or it asks for
 * an organization the signed-in account is not a member of.
 */
export function loginPolicy(organizations: OrganizationDirectory): interactionPolicy.Prompt[] {
  const policy = base();
  const login = policy.get('login');
  if (login === undefined) throw new Error("oidc-provider's base policy has no login prompt");
  login.checks.add(
    new Check('multi_factor', 'multi-factor authentication is required', (ctx: KoaContextWithOIDC) => {
      const { oidc } = ctx;
      if (!asksMultiFactor(oidc.params?.acr_values) || oidc.result?.login !== undefined) return Check.NO_NEED_TO_PROMPT;
      return oidc.session?.amr?.includes('mfa') === true ? Check.NO_NEED_TO_PROMPT : Check.REQUEST_PROMPT;
    }),
  );
  login.checks.add(
    new Check('organization_membership', 'the account is not a member of the organization', (ctx: KoaContextWithOIDC) => {
      const { oidc } = ctx;
      const asked = oidc.params?.organization;
      if (asked === undefined || oidc.result?.login !== undefined) return Check.NO_NEED_TO_PROMPT;
      const accountId = oidc.session?.accountId;
      if (accountId === undefined) return Check.REQUEST_PROMPT;
      return requestedOrganization(organizations, asked, accountId) === undefined ? Check.REQUEST_PROMPT : Check.NO_NEED_TO_PROMPT;
    }),
  );
  return policy;
}
