import type { NestExpressApplication } from '@nestjs/platform-express';
import type { DestinationStream } from 'pino';
import { createApp } from '../../src/app.factory.js';
import type { AppConfig } from '../../src/config/app-config.js';
import { APP_CONFIG } from '../../src/config/config.module.js';
import { DEFAULT_ROLES_CLAIM, type RawEnvironment } from '../../src/config/environment.schema.js';
import { type LocalIdp, startLocalIdp } from '../../src/local-idp/local-idp.server.js';
import { type IdpEndpoint, TEST_CLIENT, testEnvironment } from './environment.js';
import { freePort } from './ports.js';

export { type IdpEndpoint, tempSqlitePath, TEST_CLIENT, TEST_SESSION_SECRET, testEnvironment } from './environment.js';

export interface TestApp {
  url: string;
  port: number;
  config: AppConfig;
  app: NestExpressApplication;
  close(): Promise<void>;
}

/**
 * Boots the real app (same factory as main.ts) on `port` (random by default). Its logs are silent
 * unless `overrides.LOG_LEVEL` says otherwise; `logDestination` captures them.
 */
export async function startTestApp(
  idp: IdpEndpoint,
  overrides: RawEnvironment = {},
  port?: number,
  logDestination?: DestinationStream,
): Promise<TestApp> {
  const appPort = port ?? Number(overrides.PORT ?? (await freePort()));
  const app = await createApp({ environment: testEnvironment(appPort, idp, overrides), logDestination });
  await app.listen(appPort, '127.0.0.1');
  const config = app.get<AppConfig>(APP_CONFIG);
  return { url: `http://127.0.0.1:${appPort}`, port: appPort, config, app, close: () => app.close() };
}

export interface TestLocalIdpOptions {
  accountsFile?: string;
  /** The callback path registered for every app (AUTH0_CALLBACK_URL's path). */
  callbackPath?: string;
  /** The claim the accounts' roles go in; the app's default AUTH0_ROLES_CLAIM unless told. */
  rolesClaim?: string;
}

/** The local sign-in server with the test client registered for apps at `appPorts`. */
export async function startTestLocalIdp(appPorts: number[], options: TestLocalIdpOptions = {}): Promise<LocalIdp & IdpEndpoint> {
  const callbackPath = options.callbackPath ?? '/callback';
  const idp = await startLocalIdp({
    port: 0,
    accountsFile: options.accountsFile,
    rolesClaim: options.rolesClaim ?? DEFAULT_ROLES_CLAIM,
    clients: [
      {
        ...TEST_CLIENT,
        redirectUris: appPorts.map((port) => `http://127.0.0.1:${port}${callbackPath}`),
        postLogoutRedirectUris: appPorts.map((port) => `http://127.0.0.1:${port}/`),
      },
    ],
  });
  return Object.assign(idp, TEST_CLIENT);
}

/**
 * One app plus the local sign-in server, wired together on random ports. With `callbackPath`
 * the app gets AUTH0_CALLBACK_URL on that path and the IdP registers it.
 */
export async function startAppWithLocalIdp(
  overrides: RawEnvironment = {},
  callbackPath?: string,
): Promise<{ app: TestApp; idp: LocalIdp & IdpEndpoint; close(): Promise<void> }> {
  const port = await freePort();
  const idp = await startTestLocalIdp([port], { callbackPath });
  const callback = callbackPath === undefined ? {} : { AUTH0_CALLBACK_URL: `http://127.0.0.1:${port}${callbackPath}` };
  return withIdp(await startTestApp(idp, { ...callback, ...overrides }, port), idp);
}

/** An app and the IdP it talks to, closed together (the app first). */
export function withIdp<I extends { close(): Promise<void> }>(app: TestApp, idp: I): { app: TestApp; idp: I; close(): Promise<void> } {
  return {
    app,
    idp,
    async close() {
      await app.close();
      await idp.close();
    },
  };
}
