import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app.factory.js';
import { type AppConfig, ConfigValidationError, type LocalIdpConfig } from './config/app-config.js';
import { APP_CONFIG } from './config/config.module.js';
import { IdpHttpClient } from './idp/idp-http.client.js';
import { tenantDiscoveryProblem } from './idp/tenant-discovery.js';
import type { LocalIdp } from './local-idp/local-idp.server.js';
import { exitGracefullyOnSignals } from './shutdown.js';

const logger = new Logger('Bootstrap');

/** A port that cannot be listened on is a configuration problem: it names the variable that chose it. */
class PortUnavailableError extends Error {
  constructor(variable: 'PORT' | 'LOCAL_IDP_PORT', port: number, code: string) {
    super(
      code === 'EADDRINUSE'
        ? `${variable}: port ${port} is already in use; stop what listens there or set ${variable} to a free port.`
        : `${variable}: port ${port} cannot be listened on (${code}); set ${variable} to another port.`,
    );
    this.name = 'PortUnavailableError';
  }
}

async function listenOn<T>(variable: 'PORT' | 'LOCAL_IDP_PORT', port: number, listen: () => Promise<T>): Promise<T> {
  try {
    return await listen();
  } catch (error) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
    if (code === 'EADDRINUSE' || code === 'EACCES') throw new PortUnavailableError(variable, port, code);
    throw error;
  }
}

async function bootstrap(): Promise<void> {
  const app = await createApp();
  const config = app.get<AppConfig>(APP_CONFIG);
  const localIdpConfig = config.localIdp;
  const localIdp = localIdpConfig
    ? await listenOn('LOCAL_IDP_PORT', localIdpConfig.port, () => startLocalSignInServer(localIdpConfig))
    : undefined;
  exitGracefullyOnSignals(app, localIdp ? [localIdp.close] : []);
  await listenOn('PORT', config.port, () => app.listen(config.port));
  if (!localIdp) {
    logger.log(
      `Listening on ${config.baseUrl} (port ${config.port}) for the Auth0 tenant ${new URL(config.auth0.origin).host}, ${storeOf(config)}`,
    );
    // After listen: a tenant that is slow or down while you deploy delays nothing and refuses nothing.
    if (config.isProduction) void warnUnlessTenantAnswers(app.get(IdpHttpClient), config);
    return;
  }
  // Last on screen: what a developer needs after `npm start`.
  logger.log(`Listening on ${config.baseUrl}: open it in your browser (port ${config.port}, ${storeOf(config)})`);
  logger.log(
    `No AUTH0_DOMAIN set: local sign-in server at ${localIdp.origin}. Set AUTH0_DOMAIN, AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET to use your Auth0 tenant.`,
  );
  logger.log(`Test accounts: ${localIdp.accounts.map((account) => `${account.email} / ${account.password}`).join(', ')}`);
}

/** Which session store, and where: no credentials (a REDIS_URL may hold a password). */
function storeOf({ session }: AppConfig): string {
  if (session.store === 'sqlite') return `sqlite session store at ${session.sqlitePath}`;
  if (session.store === 'redis' && session.redisUrl !== undefined) return `redis session store at ${new URL(session.redisUrl).host}`;
  return `${session.store} session store`;
}

/** A well-formed but wrong AUTH0_DOMAIN would otherwise show only in a browser, at the first login. */
async function warnUnlessTenantAnswers(http: IdpHttpClient, config: AppConfig): Promise<void> {
  const problem = await tenantDiscoveryProblem(http, config.auth0);
  if (problem === undefined) return;
  logger.warn(
    `AUTH0_DOMAIN: the tenant at ${config.auth0.origin} does not answer as expected (${problem}); logins fail until it does. ` +
      'Check AUTH0_DOMAIN (your tenant, e.g. tenant.eu.auth0.com, or its custom domain), or whether Auth0 is down.',
  );
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
  } else if (error instanceof PortUnavailableError) {
    console.error(error.message);
  } else {
    console.error('The app failed to start:', error instanceof Error ? error.message : error);
  }
  process.exit(1);
});
