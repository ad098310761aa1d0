import { setTimeout as delay } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import { RedisStore } from 'connect-redis';
import type { SessionData } from 'express-session';
import { createClient } from 'redis';
import type { SessionConfig } from '../config/app-config.js';
import { createRedisLocks } from './redis-locks.js';
import { RedisLoginIndex } from './redis-login-index.js';
import type { SessionStoreHandle } from './session-store.js';

const KEY_PREFIX = 'nestjs-auth0:sess:';
const LOCK_PREFIX = 'nestjs-auth0:lock:';
// The login index and the replay guard: `nestjs-auth0:login:sub:<sub>`, `…:login:sid:<sid>`, `nestjs-auth0:seen:<key>`.
const INDEX_PREFIX = 'nestjs-auth0:';
// A request must fail fast on a dead store rather than hang: a couple of seconds at most.
const COMMAND_TIMEOUT_MS = 1500;
const CONNECT_TIMEOUT_MS = 2000;
const MAX_RECONNECT_DELAY_MS = 5000;

// Bounds the memory of ThrottledTouchRedisStore: the least recently touched sessions are forgotten first.
const MAX_REMEMBERED_TOUCHES = 10_000;

type StoreCallback = Parameters<RedisStore['touch']>[2];

/**
 * connect-redis sends EXPIRE on every request of a rolling session. This process remembers when
 * it last pushed each session's expiry and skips touches within the threshold; a save (SET with
 * its TTL) counts as a touch. Each instance throttles on its own, which only means at most one
 * EXPIRE per instance per threshold.
 */
export class ThrottledTouchRedisStore extends RedisStore {
  private readonly touchedAt = new Map<string, number>();

  constructor(
    private readonly thresholdMs: number,
    options: ConstructorParameters<typeof RedisStore>[0],
  ) {
    super(options);
  }

  override async touch(sid: string, session: SessionData, callback?: StoreCallback): Promise<unknown> {
    const last = this.touchedAt.get(sid);
    if (last !== undefined && Date.now() - last < this.thresholdMs) {
      callback?.();
      return undefined;
    }
    return super.touch(sid, session, this.rememberOnSuccess(sid, callback));
  }

  override async set(sid: string, session: SessionData, callback?: StoreCallback): Promise<unknown> {
    return super.set(sid, session, this.rememberOnSuccess(sid, callback));
  }

  override async destroy(sid: string, callback?: StoreCallback): Promise<unknown> {
    this.touchedAt.delete(sid);
    return super.destroy(sid, callback);
  }

  private rememberOnSuccess(sid: string, callback: StoreCallback): NonNullable<StoreCallback> {
    return (error?: unknown): unknown => {
      if (error === undefined || error === null) this.remember(sid);
      return callback?.(error);
    };
  }

  private remember(sid: string): void {
    this.touchedAt.delete(sid);
    this.touchedAt.set(sid, Date.now());
    if (this.touchedAt.size > MAX_REMEMBERED_TOUCHES) {
      const oldest = this.touchedAt.keys().next().value;
      if (oldest !== undefined) this.touchedAt.delete(oldest);
    }
  }
}

/** The Redis session store that keeps the login index (by user and by IdP login) in step with every save. */
export class IndexedRedisSessionStore extends ThrottledTouchRedisStore {
  constructor(
    private readonly index: RedisLoginIndex,
    ...storeArguments: ConstructorParameters<typeof ThrottledTouchRedisStore>
  ) {
    super(...storeArguments);
  }

  override async set(sid: string, session: SessionData, callback?: StoreCallback): Promise<unknown> {
    return super.set(sid, session, (error?: unknown) => {
      if (error !== undefined && error !== null) {
        callback?.(error);
        return;
      }
      this.index.add(sid, session).then(
        () => void callback?.(),
        (indexError: unknown) => void callback?.(indexError),
      );
    });
  }
}

export interface RedisConnectionEvents {
  /** Redis became unreachable (reported once per outage, not once per reconnect attempt). */
  down(error: Error): void;
  up(): void;
}

/**
 * Several app instances share one Redis: connect-redis on the official node-redis client.
 * The app does not wait for Redis at boot: it starts, answers 503 (and /healthz 503) while Redis
 * is away, and recovers by itself once the client reconnects.
 */
export async function createRedisSessionStore(
  config: SessionConfig,
  touchThresholdSeconds: number,
  events: RedisConnectionEvents,
): Promise<SessionStoreHandle> {
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
  let reachable = true;
  // Without an 'error' listener node-redis rethrows connection errors and the process dies.
  client.on('error', (error: Error) => {
    if (reachable) events.down(error);
    reachable = false;
  });
  const index = new RedisLoginIndex(client, { sessionPrefix: KEY_PREFIX, prefix: INDEX_PREFIX, ttlSeconds: config.absoluteTimeoutSeconds });
  let indexedExistingSessions = false;
  client.on('ready', () => {
    reachable = true;
    events.up();
    if (!indexedExistingSessions) {
      indexedExistingSessions = true;
      indexExistingSessions(index, () => (indexedExistingSessions = false));
    }
  });
  // connect() only settles once Redis answers (failures arrive through 'error'): give it a
  // moment so the first requests find it ready, but never hold the boot hostage.
  await Promise.race([client.connect().catch(() => undefined), delay(CONNECT_TIMEOUT_MS, undefined, { ref: false })]);

  const store = new IndexedRedisSessionStore(index, touchThresholdSeconds * 1000, {
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
    locks: createRedisLocks(client, LOCK_PREFIX),
    async ping() {
      await client.ping();
    },
    async close() {
      // close() waits for pending replies; while Redis is away there is nothing to wait for.
      if (client.isReady) await client.close();
      else if (client.isOpen) client.destroy();
    },
    endLoginSessions: (match) => index.endSessions(match),
    rememberOnce: (key, ttlSeconds) => index.rememberOnce(key, ttlSeconds),
  };
}

/** In the background: the app serves meanwhile, and a failure is retried at the next reconnect. */
function indexExistingSessions(index: RedisLoginIndex, retryLater: () => void): void {
  const logger = new Logger('SessionStore');
  index.indexExistingSessions().then(
    (count) => {
      if (count > 0) logger.log(`Indexed ${count} existing sessions by user and IdP login for back-channel logout`);
    },
    (error: unknown) => {
      retryLater();
      logger.warn(`Could not index existing sessions for back-channel logout yet: ${error instanceof Error ? error.message : String(error)}`);
    },
  );
}
