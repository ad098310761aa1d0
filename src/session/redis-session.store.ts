import { RedisStore } from 'connect-redis';
import type { SessionData } from 'express-session';
import type { SessionConfig } from '../config/app-config.js';
import type { RedisStorage } from '../storage/storage.js';

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

/**
 * connect-redis on the shared Redis: sessions at `<prefix>sess:<id>`, each with a TTL of the
 * session's remaining idle time, so Redis expires them itself.
 */
export function createRedisSessionStore(storage: RedisStorage, config: SessionConfig, touchThresholdSeconds: number): RedisStore {
  return new ThrottledTouchRedisStore(touchThresholdSeconds * 1000, {
    client: storage.client,
    prefix: `${storage.keyPrefix}sess:`,
    ttl: (session) => {
      const expires = session.cookie?.expires;
      const seconds = expires ? Math.ceil((new Date(expires).getTime() - Date.now()) / 1000) : config.idleTimeoutSeconds;
      return Math.max(seconds, 1);
    },
  });
}
