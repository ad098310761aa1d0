// Configuration mistakes at boot are named by the variable to change: the compiled app in a child process.
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChildApp, runAppUntilExit, spawnApp } from '../support/child-app.js';
import { freePort } from '../support/ports.js';
import { SHARED_REDIS_URL } from '../support/redis.js';
import { waitFor } from '../support/wait.js';

// A line of a Node stack trace: "    at fn (file:///…/x.js:12:34)".
const STACK_FRAME = /^\s+at .+:\d+:\d+\)?$/m;
// Node 20 prints this when anything imports oidc-provider (the local sign-in server): not the app's output.
const OIDC_PROVIDER_WARNING = /^oidc-provider WARNING: Unsupported runtime\..*\n/m;

/** Holds `port` on every interface until `close()`, as another program would. */
async function occupy(port: number): Promise<Server> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, resolve);
  });
  return server;
}

const DEVELOPMENT = { NODE_ENV: 'development', SESSION_STORE: 'memory' };

describe('a port that is taken', () => {
  it.each(['LOCAL_IDP_PORT', 'PORT'])('%s: exits 1 with one line naming the variable to change, and no stack', async (variable) => {
    const ports: Record<string, string> = { PORT: String(await freePort()), LOCAL_IDP_PORT: String(await freePort()) };
    const taken = await occupy(Number(ports[variable]));
    try {
      const result = await runAppUntilExit({ ...DEVELOPMENT, ...ports });
      expect(result.code).toBe(1);
      expect(result.stderr.replace(OIDC_PROVIDER_WARNING, '')).toBe(
        `${variable}: port ${ports[variable]} is already in use; stop what listens there or set ${variable} to a free port.\n`,
      );
      expect(result.output).not.toMatch(STACK_FRAME);
      expect(result.output).not.toMatch(/Listening on/);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });
});

describe('TRUST_PROXY', () => {
  it('TRUST_PROXY=yes: exits 1 naming it among the other bad variables, with what it takes, and no stack', async () => {
    const result = await runAppUntilExit({ ...DEVELOPMENT, PORT: String(await freePort()), TRUST_PROXY: 'yes', LOG_LEVEL: 'loud' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^ {2}- TRUST_PROXY: must be true, false, a number of proxy hops, .*\(invalid IP address: yes\)$/m);
    expect(result.stderr).toMatch(/^ {2}- LOG_LEVEL: /m);
    expect(result.output).not.toMatch(STACK_FRAME);
    expect(result.output).not.toMatch(/proxy-addr|Listening on/);
  });
});

describe('SESSION_STORE=Redis', () => {
  let app: ChildApp;
  beforeAll(async () => {
    app = await spawnApp({ ...DEVELOPMENT, LOCAL_IDP_PORT: String(await freePort()), SESSION_STORE: 'Redis', REDIS_URL: SHARED_REDIS_URL });
  });
  afterAll(() => app?.stop());

  it('is the redis store: case does not matter', async () => {
    // The boot line follows listen through pino's transport, so it may land after /healthz answers.
    const bootLine = /Listening on .*redis session store at 127\.0\.0\.1:6379/;
    await waitFor(() => bootLine.test(app.output()), 10_000, { timeoutMessage: () => `no boot line naming Redis in:\n${app.output()}` });
    expect(await (await fetch(`${app.url}/healthz`)).json()).toEqual({ status: 'ok', sessionStore: { kind: 'redis', status: 'ok' } });
  });
});
