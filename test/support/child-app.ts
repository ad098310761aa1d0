import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { environmentSchema, type RawEnvironment } from '../../src/config/environment.schema.js';
import { freePort } from './ports.js';
import { waitFor } from './wait.js';

export const PROJECT_ROOT = join(import.meta.dirname, '..', '..');

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ChildApp {
  url: string;
  port: number;
  pid: number;
  /** stdout and stderr so far, interleaved as they arrived. */
  output(): string;
  stderr(): string;
  /** Resolves when the process exits, however that happens. */
  exited: Promise<ExitStatus>;
  /** Sends `signal` (SIGTERM by default), then SIGKILL if it is still running after `killAfterMs`. */
  stop(signal?: NodeJS.Signals, killAfterMs?: number): Promise<ExitStatus>;
}

export interface SpawnOptions {
  /** How long /healthz may take to answer 200 (default 20 s). */
  readyTimeoutMs?: number;
  /** Another copy of the project to run the build of (default: this one). */
  projectRoot?: string;
}

/**
 * The environment the child sees: PATH and HOME from ours (so `node` runs), every app variable
 * the caller did not set blanked out, then the caller's. The app treats an empty value as unset,
 * and the process environment wins over `.env` (readProcessEnvironment): a developer's `.env` in the
 * repo root or an AUTH0_* exported in their shell cannot leak into the test.
 */
function childEnvironment(environment: RawEnvironment): NodeJS.ProcessEnv {
  const blanked = Object.fromEntries(Object.keys(environmentSchema.shape).map((name) => [name, '']));
  // NO_COLOR: Nest's logger writes plain text, so output() reads well in assertion messages.
  const inherited = { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1' };
  return { ...inherited, ...blanked, ...environment };
}

interface StartedProcess {
  child: ChildProcess;
  exited: Promise<ExitStatus>;
  // Closures over the child's streams, not methods: spawnApp hands them on as they are.
  output: () => string;
  stderr: () => string;
}

/** Refuses to test a stale build (`npm test` builds first): a source file changed after dist/main.js was written. */
export function assertBuildIsCurrent(projectRoot: string = PROJECT_ROOT): void {
  const compiledMain = join(projectRoot, 'dist', 'main.js');
  if (!existsSync(compiledMain)) throw new Error(`${compiledMain} is missing: run "npx nest build" (npm test does) first.`);
  const builtAt = statSync(compiledMain).mtimeMs;
  const sourceRoot = join(projectRoot, 'src');
  const newer = readdirSync(sourceRoot, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .find((file) => statSync(file).mtimeMs > builtAt);
  if (newer !== undefined) {
    throw new Error(
      `dist/ is older than src/ (${relative(projectRoot, newer)} changed after the last build): run "npx nest build" (npm test does) first.`,
    );
  }
}

function startCompiledApp(environment: RawEnvironment, projectRoot = PROJECT_ROOT): StartedProcess {
  assertBuildIsCurrent(projectRoot);
  const child = spawn(process.execPath, [join(projectRoot, 'dist', 'main.js')], {
    cwd: projectRoot,
    env: childEnvironment(environment),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let combined = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (combined += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => {
    combined += chunk.toString();
    stderr += chunk.toString();
  });
  // 'exit' can fire before the pipes are drained; 'close' waits for them, so output() is complete.
  const exited = new Promise<ExitStatus>((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
  return { child, exited, output: () => combined, stderr: () => stderr };
}

async function waitUntilHealthy(url: string, started: StartedProcess, timeoutMs: number): Promise<void> {
  let exitedEarly: ExitStatus | undefined;
  void started.exited.then((status) => (exitedEarly = status));
  const healthy = async (): Promise<boolean> => {
    if (exitedEarly) {
      throw new Error(`the app exited (${JSON.stringify(exitedEarly)}) before /healthz answered:\n${started.output()}`);
    }
    try {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) });
      return response.status === 200;
    } catch {
      return false; // Not listening yet.
    }
  };
  try {
    await waitFor(healthy, timeoutMs, {
      intervalMs: 100,
      timeoutMessage: () => `/healthz did not answer 200 within ${timeoutMs} ms:\n${started.output()}`,
    });
  } catch (error) {
    started.child.kill('SIGKILL');
    throw error;
  }
}

/**
 * Starts `node dist/main.js` with `environment` (PORT random unless given; BASE_URL
 * http://127.0.0.1:PORT unless given) and resolves once GET /healthz answers 200.
 */
export async function spawnApp(environment: RawEnvironment, options: SpawnOptions = {}): Promise<ChildApp> {
  const port = environment.PORT === undefined ? await freePort() : Number(environment.PORT);
  const url = `http://127.0.0.1:${port}`;
  const started = startCompiledApp({ BASE_URL: url, ...environment, PORT: String(port) }, options.projectRoot);
  await waitUntilHealthy(url, started, options.readyTimeoutMs ?? 20_000);
  const { child, exited } = started;
  return {
    url,
    port,
    pid: child.pid ?? -1,
    output: started.output,
    stderr: started.stderr,
    exited,
    async stop(signal: NodeJS.Signals = 'SIGTERM', killAfterMs = 15_000) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill(signal);
        const killer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
        const status = await exited;
        clearTimeout(killer);
        return status;
      }
      return exited;
    },
  };
}

/** Runs `node dist/main.js` with `environment` until it exits on its own (e.g. refused configuration). */
export async function runAppUntilExit(
  environment: RawEnvironment,
  timeoutMs = 20_000,
): Promise<ExitStatus & { output: string; stderr: string }> {
  const started = startCompiledApp(environment);
  const timer = setTimeout(() => started.child.kill('SIGKILL'), timeoutMs);
  const status = await started.exited;
  clearTimeout(timer);
  return { ...status, output: started.output(), stderr: started.stderr() };
}
