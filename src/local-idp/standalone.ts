import { ConfigValidationError, parseAppConfig } from '../config/app-config.js';
import { readProcessEnvironment } from '../config/process-environment.js';
import { startLocalIdp } from './local-idp.server.js';

/**
 * `npm run idp`: the local sign-in server on its own, for pointing another app at it.
 * Uses the same configuration as the app (LOCAL_IDP_PORT, AUTH0_CLIENT_ID, BASE_URL...).
 */
async function main(): Promise<void> {
  const config = parseAppConfig(readProcessEnvironment());
  if (!config.localIdp) {
    console.error(
      'The local sign-in server runs only in development without AUTH0_DOMAIN: unset AUTH0_DOMAIN and do not set NODE_ENV=production.',
    );
    process.exitCode = 1;
    return;
  }

  const { port, rolesClaim, apiAccessTokenTtlSeconds, ...client } = config.localIdp;
  const idp = await startLocalIdp({ port, rolesClaim, apiAccessTokenTtlSeconds, clients: [client] });
  const [account] = idp.accounts;
  console.log(
    `Local sign-in server on ${idp.origin} (issuer ${idp.issuer}); test account ${account.email} / ${account.password}; ` +
      // A development-only client: printing its secret is what lets another app connect.
      `point an app at it with AUTH0_DOMAIN=${idp.origin} AUTH0_CLIENT_ID=${client.clientId} AUTH0_CLIENT_SECRET=${client.clientSecret}, ` +
      `callback ${client.redirectUris.join(' ')}`,
  );

  const stop = (): void => {
    idp.close().catch((error: unknown) => {
      console.error('Local sign-in server: could not close cleanly', error);
      process.exitCode = 1;
    });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigValidationError ? error.message : error);
  process.exitCode = 1;
});
