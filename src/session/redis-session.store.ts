import { RedisStore } from 'connect-redis';
import type { SessionData } from 'express-session';
import type { SessionConfig } from '../config/app-config.js';
import type { RedisStorage } from '../storage/storage.js';
import { expiryOf, TouchThrottle } from './session-expiry.js';

type StoreCallback = Parameters<RedisStore['touch']>[2];

/**
 * connect-redis sends EXPIRE on every request of a rolling session: this one sends it only when
 * the expiry moves by at least the touch interval (TouchThrottle); a save (SET with its TTL)
 * counts as a push.
 */
export class ThrottledTouchRedisStore extends RedisStore {
  private readonly throttle: TouchThrottle;

  constructor(
    thresholdMs: number,
    private readonly defaultTtlSeconds: number,
    options: ConstructorParameters<typeof RedisStore>[0],
  ) {
    super(options);
    this.throttle = new TouchThrottle(thresholdMs);
  }

  override async touch(sid: string, session: SessionData, callback?: StoreCallback): Promise<unknown> {
    const expiresAt = expiryOf(session, this.defaultTtlSeconds);
    if (!this.throttle.needsTouch(sid, expiresAt)) {
      callback?.();
      return undefined;
    }
    return super.touch(sid, session, this.rememberOnSuccess(sid, expiresAt, callback));
  }

  override async set(sid: string, session: SessionData, callback?: StoreCallback): Promise<unknown> {
    return super.set(sid, session, this.rememberOnSuccess(sid, expiryOf(session, this.defaultTtlSeconds), callback));
  }

  override async destroy(sid: string, callback?: StoreCallback): Promise<unknown> {
    this.throttle.forget(sid);
    return super.destroy(sid, callback);
  }

  private rememberOnSuccess(sid: string, expiresAt: number, callback: StoreCallback): NonNullable<StoreCallback> {
    return (error?: unknown): unknown => {
      if (error === undefined || error === null) this.throttle.remember(sid, expiresAt);
      return callback?.(error);
    };
  }
}

/**
 * connect-redis on the shared Redis: sessions at `<prefix>sess:<id>`, each with a TTL of the
 * session's remaining idle time, so Redis expires them itself.
 */
export function createRedisSessionStore(storage: RedisStorage, config: SessionConfig, touchThresholdSeconds: number): RedisStore {
  return new ThrottledTouchRedisStore(touchThresholdSeconds * 1000, config.idleTimeoutSeconds, {
    client: storage.client,
    prefix: `${storage.keyPrefix}sess:`,
    ttl: (session) => Math.max(Math.ceil((expiryOf(session, config.idleTimeoutSeconds) - Date.now()) / 1000), 1),
  });
}
