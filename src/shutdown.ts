import type { Server } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import { Logger } from '@nestjs/common';

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * On SIGTERM/SIGINT: stop accepting connections, let in-flight requests finish, close the
 * session store (via Nest's shutdown hooks) and whatever else was started, then exit 0.
 * Requests still running after `graceMs` are cut off and the exit code is 1.
 */
export function exitGracefullyOnSignals(app: INestApplication, alsoClose: Array<() => Promise<void>>, graceMs = 10_000): void {
  const logger = new Logger('Shutdown');
  let closing = false;
  const shutDown = async (signal: string): Promise<void> => {
    if (closing) return;
    closing = true;
    logger.log(`${signal} received: finishing in-flight requests`);
    // server.close() only drops connections idle at that moment; keep-alive connections whose
    // request finishes later would hold the exit until their keep-alive timeout.
    const server = app.getHttpServer() as Server;
    const sweep = setInterval(() => server.closeIdleConnections(), 100);
    sweep.unref();
    const deadline = setTimeout(() => {
      logger.error(`In-flight requests still running after ${graceMs} ms: exiting anyway`);
      process.exit(1);
    }, graceMs);
    deadline.unref();
    try {
      await app.close();
      for (const close of alsoClose) await close();
      process.exit(0);
    } catch (error) {
      logger.error(`Shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    }
  };
  for (const signal of SIGNALS) process.once(signal, (received) => void shutDown(received));
}
