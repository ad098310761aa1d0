import type { Provider, Session } from 'oidc-provider';

/**
 * oidc-provider's Client posts a logout token with `backchannelLogout(sub, sid)`, which its own
 * `/oidc/logout` uses; @types/oidc-provider does not declare it.
 */
interface BackchannelLogoutClient {
  backchannelLogoutUri?: string;
  backchannelLogout(sub: string, sid: string | undefined): Promise<void>;
}

/**
 * Auth0's `/v2/logout` tells every application of the ending session, as oidc-provider's
 * `/oidc/logout` does: each client with a back-channel logout URI gets a logout token. A client
 * that does not answer is logged, never a reason to keep the session here.
 */
export async function sendBackchannelLogouts(provider: Provider, session: Session): Promise<void> {
  const { accountId } = session;
  if (accountId === undefined) return;
  await Promise.all(
    Object.keys(session.authorizations ?? {}).map(async (clientId) => {
      const client = (await provider.Client.find(clientId)) as BackchannelLogoutClient | undefined;
      if (client?.backchannelLogoutUri === undefined) return;
      await client.backchannelLogout(accountId, session.sidFor(clientId)).catch((error: unknown) => {
        console.error(`Local sign-in server: the back-channel logout to ${client.backchannelLogoutUri} failed`, error);
      });
    }),
  );
}
