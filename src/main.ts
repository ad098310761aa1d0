import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app.factory.js';
import { type AppConfig, ConfigValidationError, type LocalIdpConfig } from './config/app-config.js';
import { APP_CONFIG } from './config/config.module.js';
import type { LocalIdp } from './local-idp/local-idp.server.js';
import { exitGracefullyOnSignals } from './shutdown.js';

const logger = new Logger('Bootstrap');

async function bootstrap(): Promise<void> {
  const app = await createApp();
  const config = app.get<AppConfig>(APP_CONFIG);
  const localIdp = config.localIdp ? await startLocalSignInServer(config.localIdp) : undefined;
  exitGracefullyOnSignals(app, localIdp ? [localIdp.close] : []);
  await app.listen(config.port);
  // Last on screen: what a developer needs after `npm start`.
  logger.log(`Listening on ${config.baseUrl}: open it in your browser (port ${config.port}, ${config.session.store} session store)`);
  if (localIdp) {
    logger.log(
      `No AUTH0_DOMAIN set: local sign-in server at ${localIdp.origin}. Set AUTH0_DOMAIN, AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET to use your Auth0 tenant.`,
    );
    logger.log(`Test accounts: ${localIdp.accounts.map((account) => `${account.email} / ${account.password}`).join(', ')}`);
  }
}

/** Imported only when used: a production process never loads the development sign-in server. */
async function startLocalSignInServer(localIdpConfig: LocalIdpConfig): Promise<LocalIdp> {
  const { startLocalIdp } = await import('./local-idp/local-idp.server.js');
  const { port, rolesClaim, apiAccessTokenTtlSeconds, ...client } = localIdpConfig;
  return startLocalIdp({ port, rolesClaim, apiAccessTokenTtlSeconds, clients: [client] });
}

bootstrap().catch((error: unknown) => {
  if (error instanceof ConfigValidationError) {
    console.error(`${error.message}\nSee .env.example for every variable.`);
  } else {
    console.error('The app failed to start:', error instanceof Error ? error.message : error);
  }
  process.exit(1);
});
