import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app.factory.js';
import { type AppConfig, ConfigValidationError, type LocalIdpConfig } from './config/app-config.js';
import { APP_CONFIG } from './config/config.module.js';
import { exitGracefullyOnSignals } from './shutdown.js';

const logger = new Logger('Bootstrap');

async function bootstrap(): Promise<void> {
  const app = await createApp();
  const config = app.get<AppConfig>(APP_CONFIG);
  const closeLocalIdp = config.localIdp ? await startLocalSignInServer(config.localIdp) : undefined;
  exitGracefullyOnSignals(app, closeLocalIdp ? [closeLocalIdp] : []);
  await app.listen(config.port);
  logger.log(`Listening on ${config.baseUrl} (port ${config.port}, ${config.session.store} session store)`);
}

/** Imported only when used: a production process never loads the development sign-in server. */
async function startLocalSignInServer(localIdp: LocalIdpConfig): Promise<() => Promise<void>> {
  const { startLocalIdp } = await import('./local-idp/local-idp.server.js');
  const idp = await startLocalIdp({ port: localIdp.port, clients: [localIdp] });
  const account = idp.accounts[0];
  logger.log(
    `No AUTH0_DOMAIN set: local sign-in server at ${idp.origin}, test account ${account?.email} / ${account?.password}. ` +
      'Set AUTH0_DOMAIN, AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET to use your Auth0 tenant instead.',
  );
  return () => idp.close();
}

bootstrap().catch((error: unknown) => {
  if (error instanceof ConfigValidationError) {
    console.error(`${error.message}\nSee .env.example for every variable.`);
  } else {
    console.error('The app failed to start:', error instanceof Error ? error.message : error);
  }
  process.exit(1);
});
