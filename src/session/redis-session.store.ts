import { RedisStore } from 'connect-redis';
import { createClient } from 'redis';
import type { SessionConfig } from '../config/app-config.js';
import type { SessionStoreHandle } from './session-store.js';

const KEY_PREFIX = 'nestjs-auth0:sess:';
// A request must fail fast on a dead store rather than hang (issue #3: "a couple of seconds").
const COMMAND_TIMEOUT_MS = 1500;
const CONNECT_TIMEOUT_MS = 2000;
const MAX_RECONNECT_DELAY_MS = 5000;

/** Several app instances share one Redis: connect-redis on the official node-redis client. */
export async function createRedisSessionStore(config: SessionConfig, onError: (error: Error) => void): Promise<SessionStoreHandle> {
  const client = createClient({
    url: config.redisUrl,
    // Commands issued while disconnected fail at once instead of queueing until Redis returns.
    disableOfflineQueue: true,
    commandOptions: { timeout: COMMAND_TIMEOUT_MS },
    socket: {
      connectTimeout: CONNECT_TIMEOUT_MS,
      reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, MAX_RECONNECT_DELAY_MS),
    },
  });
  // Without a listener node-redis rethrows connection errors and the process dies.
  client.on('error', onError);
  await client.connect().catch((error: unknown) => {
    onError(error instanceof Error ? error : new Error(String(error)));
  });

  const store = new RedisStore({
    client,
    prefix: KEY_PREFIX,
    // Redis expires the key itself when the session's cookie expires (idle timeout).
    ttl: (session) => {
      const expires = session.cookie?.expires;
      const seconds = expires ? Math.ceil((new Date(expires).getTime() - Date.now()) / 1000) : config.idleTimeoutSeconds;
      return Math.max(seconds, 1);
    },
  });

  return {
    kind: 'redis',
    store,
    async ping() {
      await client.ping();
    },
    async close() {
      if (client.isOpen) await client.close();
      else client.destroy();
    },
  };
}
