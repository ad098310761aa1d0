import type { LocalAccount, LocalOrganization } from './accounts.js';

/**
 * The Auth0 organizations the accounts file names and who belongs to each. An invitation accepted
 * on the sign-in page makes its account a member for as long as the server runs, as accepting an
 * Auth0 invitation does (this server does not check the ticket, Auth0 does).
 */
export class OrganizationDirectory {
  private readonly byId = new Map<string, LocalOrganization>();
  private readonly members = new Set<string>();

  constructor(accounts: readonly LocalAccount[]) {
    for (const account of accounts) {
      for (const organization of account.organizations ?? []) {
        this.byId.set(organization.id, organization);
        this.members.add(membership(account.id, organization));
      }
    }
  }

  /** By id, or by name in any case, as Auth0's `organization` parameter takes either. */
  find(idOrName: string): LocalOrganization | undefined {
    const byId = this.byId.get(idOrName);
    if (byId !== undefined) return byId;
    const name = idOrName.toLowerCase();
    return [...this.byId.values()].find((organization) => organization.name === name);
  }

  isMember(accountId: string, organization: LocalOrganization): boolean {
    return this.members.has(membership(accountId, organization));
  }

  acceptInvitation(accountId: string, organization: LocalOrganization): void {
    this.members.add(membership(accountId, organization));
  }
}

function membership(accountId: string, organization: LocalOrganization): string {
  return `${organization.id} ${accountId}`;
}

/**
 * Which organization each grant's tokens are for. A grant is bound to one organization (or none)
 * for its life: a login to another one gets a grant of its own (provider-config.ts), so a code or
 * refresh token always yields the `org_id` of the login that made it.
 */
export class OrganizationGrants {
  private readonly byGrant = new Map<string, LocalOrganization>();

  of(grantId: string | undefined): LocalOrganization | undefined {
    return grantId === undefined ? undefined : this.byGrant.get(grantId);
  }

  bind(grantId: string, organization: LocalOrganization | undefined): void {
    if (organization === undefined) this.byGrant.delete(grantId);
    else this.byGrant.set(grantId, organization);
  }
}

/**
 * The organization an authorization request names, when the account is a member of it (the
 * sign-in page admitted it, or refused the login); otherwise none, and the tokens carry no org claims.
 */
export function requestedOrganization(directory: OrganizationDirectory, parameter: unknown, accountId: string): LocalOrganization | undefined {
  if (typeof parameter !== 'string') return undefined;
  const organization = directory.find(parameter);
  return organization !== undefined && directory.isMember(accountId, organization) ? organization : undefined;
}
