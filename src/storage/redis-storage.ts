import { setTimeout as delay } from 'node:timers/promises';
import { createClient } from 'redis';
import type { RedisStorage } from './storage.js';

// The app's keys: `nestjs-auth0:sess:<id>` for sessions, other features under their own part.
const KEY_PREFIX = 'nestjs-auth0:';
// A request must fail fast on a dead store rather than hang: a couple of seconds at most.
const COMMAND_TIMEOUT_MS = 1500;
const CONNECT_TIMEOUT_MS = 2000;
const MAX_RECONNECT_DELAY_MS = 5000;

export interface RedisConnectionEvents {
  /** Redis became unreachable (reported once per outage, not once per reconnect attempt). */
  down(error: Error): void;
  up(): void;
}

/**
 * Several app instances share one Redis, through the official node-redis client. The app does
 * not wait for Redis at boot: it starts, answers 503 (and /healthz 503) while Redis is away, and
 * recovers by itself once the client reconnects.
 */
export async function createRedisStorage(url: string, events: RedisConnectionEvents): Promise<RedisStorage> {
  const client = createClient({
    url,
    // Commands issued while disconnected fail at once instead of queueing until Redis returns.
    disableOfflineQueue: true,
    commandOptions: { timeout: COMMAND_TIMEOUT_MS },
    socket: {
      connectTimeout: CONNECT_TIMEOUT_MS,
      reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, MAX_RECONNECT_DELAY_MS),
    },
  });
  let reachable = true;
  // Without an 'error' listener node-redis rethrows connection errors and the process dies.
  client.on('error', (error: Error) => {
    if (reachable) events.down(error);
    reachable = false;
  });
  client.on('ready', () => {
    reachable = true;
    events.up();
  });
  // connect() only settles once Redis answers (failures arrive through 'error'): give it a
  // moment so the first requests find it ready, but never hold the boot hostage.
  await Promise.race([client.connect().catch(() => undefined), delay(CONNECT_TIMEOUT_MS, undefined, { ref: false })]);

  return {
    kind: 'redis',
    client,
    keyPrefix: KEY_PREFIX,
    async ping() {
      await client.ping();
    },
    async close() {
      // close() waits for pending replies; while Redis is away there is nothing to wait for.
      if (client.isReady) await client.close();
      else if (client.isOpen) client.destroy();
    },
  };
}
