import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from './project-root.js';

export interface DevelopmentApp {
  url: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('no port from the kernel');
  return address.port;
}

/**
 * The app as `npm start` runs it after a fresh clone (development, no AUTH0_DOMAIN, so with its
 * local sign-in server), on free ports and with memory sessions. Nothing else comes in: the
 * shell's variables are not passed on, and the app runs in an empty folder, so a developer's
 * .env (read from the working directory) cannot point the pictures at their Auth0 tenant.
 */
async function environment(): Promise<NodeJS.ProcessEnv> {
  const port = await freePort();
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'development',
    PORT: String(port),
    BASE_URL: `http://127.0.0.1:${port}`,
    LOCAL_IDP_PORT: String(await freePort()),
    SESSION_STORE: 'memory',
    LOGIN_RATE_LIMIT: '0',
    LOG_LEVEL: 'warn',
  };
}

async function waitUntilHealthy(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the app exited with ${child.exitCode} before /healthz answered:\n${output()}`);
    const healthy = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) }).then(
      (response) => response.status === 200,
      () => false,
    );
    if (healthy) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`/healthz did not answer 200 within 20 s:\n${output()}`);
}

/** Starts `node dist/main.js` (built by `nest build`) and resolves once it answers /healthz. */
export async function startDevelopmentApp(): Promise<DevelopmentApp> {
  const main = join(PROJECT_ROOT, 'dist', 'main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: run "npx nest build" first (npm run screenshots does).`);
  const env = await environment();
  const workingFolder = mkdtempSync(join(tmpdir(), 'screenshots-app-'));
  const child = spawn(process.execPath, [main], { cwd: workingFolder, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.once('exit', () => rmSync(workingFolder, { recursive: true, force: true }));
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = env.BASE_URL as string;
  await waitUntilHealthy(url, child, () => output);
  return {
    url,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    },
  };
}
