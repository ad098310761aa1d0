import { z } from 'zod';
import type { Auth0Config } from '../config/app-config.js';
import type { IdpHttpClient } from './idp-http.client.js';

const discoverySchema = z.object({ issuer: z.string() });

/**
 * Why the tenant at `auth0.origin` does not look like the one configured, or undefined when it does:
 * its discovery document must be there and name the issuer that ID tokens are checked against
 * (OpenID Connect Discovery 1.0 §4, §4.3). One request, with the IdP client's timeout.
 */
export async function tenantDiscoveryProblem(http: IdpHttpClient, auth0: Pick<Auth0Config, 'origin' | 'issuer'>): Promise<string | undefined> {
  const url = `${auth0.origin}/.well-known/openid-configuration`;
  try {
    const { status, body } = await http.request('discovery endpoint', url);
    if (status !== 200) return `${url} answered ${status}`;
    const discovered = discoverySchema.safeParse(body);
    if (!discovered.success) return `${url} names no issuer`;
    if (discovered.data.issuer !== auth0.issuer) {
      return `${url} names the issuer ${JSON.stringify(discovered.data.issuer.slice(0, 200))}, not ${auth0.issuer}`;
    }
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
