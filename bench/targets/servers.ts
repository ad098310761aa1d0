import { type ChildProcess } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAgents, destroyAgents, get } from '../support/http.js';
import { startChild, waitUntilReady } from '../support/processes.js';
import { APP_ENTRY, BENCH_DIST } from './paths.js';

export type StoreKind = 'memory' | 'sqlite' | 'redis';

export interface RunningServer {
  name: string;
  child: ChildProcess;
  pid: number;
  baseUrl: string;
}

export interface Shared {
  /** Holds logs, the SQLite file and the certificate; removed at exit. */
  dir: string;
  idpOrigin: string;
  idpCertFile: string;
  clientId: string;
  clientSecret: string;
  sessionSecret: string;
  redisUrl: string;
  /** Extra node flags for our app (e.g. --cpu-prof), profiling only. */
  appNodeFlags?: string[];
}

/**
 * stdout/stderr go to a file: production logging writes one line per request, and a pipe nobody
 * drains would block the server.
 */
function launch(name: string, shared: Shared, args: string[], env: Record<string, string>): ChildProcess {
  const log = openSync(join(shared.dir, `${name}.log`), 'a');
  return startChild(process.execPath, args, {
    // Not the repository: the app reads a .env from its working directory.
    cwd: shared.dir,
    stdio: ['ignore', log, log],
    env: { PATH: process.env.PATH ?? '', NODE_EXTRA_CA_CERTS: shared.idpCertFile, ...env },
  });
}

async function answersHttp(url: string, ca: string): Promise<boolean> {
  const agents = createAgents(ca);
  try {
    const response = await get(url, agents);
    return response.status > 0 && response.status < 500;
  } finally {
    destroyAgents(agents);
  }
}

async function ready(name: string, child: ChildProcess, probeUrl: string, shared: Shared): Promise<RunningServer> {
  const ca = readFileSync(shared.idpCertFile, 'utf8');
  try {
    await waitUntilReady(child, name, () => answersHttp(probeUrl, ca));
  } catch (error) {
    // The log file goes with the temp dir: show its end now, it says why.
    const tail = readFileSync(join(shared.dir, `${name}.log`), 'utf8')
      .split('\n')
      .slice(-15)
      .join('\n');
    throw new Error(`${error instanceof Error ? error.message : String(error)}; last log lines:\n${tail}`, { cause: error });
  }
  if (child.pid === undefined) throw new Error(`${name} has no pid`);
  return { name, child, pid: child.pid, baseUrl: new URL(probeUrl).origin };
}

export async function startIdp(shared: Shared, port: number, keyFile: string, redirectUris: string[]): Promise<RunningServer> {
  const settings = { port, keyFile, certFile: shared.idpCertFile, clientId: shared.clientId, clientSecret: shared.clientSecret, redirectUris };
  const child = launch('idp', shared, [join(BENCH_DIST, 'idp', 'main.js')], { BENCH_IDP_SETTINGS: JSON.stringify(settings) });
  return ready('idp', child, `${shared.idpOrigin}/.well-known/openid-configuration`, shared);
}

/**
 * Our app as it runs in production (JSON request logs at info, to a file). The memory store is
 * refused in production, so that variant runs with NODE_ENV=test, which changes nothing else
 * on the request path (pretty logs are development only).
 */
export async function startOurApp(shared: Shared, store: StoreKind, port: number): Promise<RunningServer> {
  const baseUrl = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {
    NODE_ENV: store === 'memory' ? 'test' : 'production',
    PORT: String(port),
    BASE_URL: baseUrl,
    AUTH0_DOMAIN: shared.idpOrigin,
    AUTH0_CLIENT_ID: shared.clientId,
    AUTH0_CLIENT_SECRET: shared.clientSecret,
    SESSION_SECRET: shared.sessionSecret,
    SESSION_STORE: store,
    SESSION_SQLITE_PATH: join(shared.dir, `sessions-${port}.sqlite`),
    REDIS_URL: shared.redisUrl,
    LOG_LEVEL: 'info',
    LOGIN_RATE_LIMIT: '0',
  };
  const child = launch(`app-${store}`, shared, [...(shared.appNodeFlags ?? []), APP_ENTRY], env);
  return ready(`app-${store}`, child, `${baseUrl}/healthz`, shared);
}

export function sqlitePathOf(shared: Shared, server: RunningServer): string {
  return join(shared.dir, `sessions-${new URL(server.baseUrl).port}.sqlite`);
}

export async function startBareNest(shared: Shared, port: number): Promise<RunningServer> {
  const child = launch('bare-nest', shared, [join(BENCH_DIST, 'targets', 'bare-nest.js')], { NODE_ENV: 'production', PORT: String(port) });
  return ready('bare-nest', child, `http://127.0.0.1:${port}/dashboard`, shared);
}

/** The rung with the app's own session layer (bare-nest-session.ts), on a SQLite file of its own. */
export async function startBareNestSession(shared: Shared, port: number): Promise<RunningServer> {
  const environment = {
    NODE_ENV: 'production',
    BASE_URL: `http://127.0.0.1:${port}`,
    AUTH0_DOMAIN: shared.idpOrigin,
    AUTH0_CLIENT_ID: shared.clientId,
    AUTH0_CLIENT_SECRET: shared.clientSecret,
    SESSION_SECRET: shared.sessionSecret,
  };
  const child = launch('bare-nest-session', shared, [join(BENCH_DIST, 'targets', 'bare-nest-session.js')], {
    NODE_ENV: 'production',
    PORT: String(port),
    BENCH_APP_ENVIRONMENT: JSON.stringify(environment),
    BENCH_SQLITE_PATH: join(shared.dir, `sessions-rung-${port}.sqlite`),
  });
  return ready('bare-nest-session', child, `http://127.0.0.1:${port}/login`, shared);
}

export async function startAnchor(shared: Shared, port: number): Promise<RunningServer> {
  const settings = {
    port,
    issuerBaseURL: shared.idpOrigin,
    clientId: shared.clientId,
    clientSecret: shared.clientSecret,
    secret: shared.sessionSecret,
  };
  const child = launch('anchor', shared, [join(BENCH_DIST, 'targets', 'anchor.js')], {
    NODE_ENV: 'production',
    BENCH_ANCHOR_SETTINGS: JSON.stringify(settings),
  });
  return ready('anchor', child, `http://127.0.0.1:${port}/dashboard`, shared);
}
