import type { createClient } from 'redis';
import type { StorageKind } from '../config/app-config.js';
import { UserFacingException } from '../errors/user-facing.exception.js';
import type { Database } from './sqlite-driver.js';

export type RedisClient = ReturnType<typeof createClient>;

/**
 * The store SESSION_STORE names: it holds the sessions, and the features that keep data per
 * session (API tokens, the back-channel logout index) keep theirs beside them, each behind an
 * interface of its own, so that every instance sharing the store sees the same data.
 */
export type Storage = SqliteStorage | RedisStorage | MemoryStorage;

interface StorageLifecycle {
  /** Resolves when the store answers; rejects (quickly) when it does not. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** One SQLite file used by this process only. */
export interface SqliteStorage extends StorageLifecycle {
  readonly kind: 'sqlite';
  /**
   * A feature's statements: `prepare` creates its tables if needed and prepares what it runs, once
   * per open database (again after the file could not be opened and now can). Calling the
   * returned function gives them, or throws while the file cannot be opened.
   */
  statements<T>(prepare: (db: Database) => T): () => T;
  /**
   * Runs `task` every `intervalMs` until the store closes (pruning expired rows). A failure waits
   * for the next run: an unwritable file shows on requests and on /healthz, not here.
   */
  repeat(task: () => unknown, intervalMs: number): void;
}

/** One Redis shared by every instance. */
export interface RedisStorage extends StorageLifecycle {
  readonly kind: 'redis';
  readonly client: RedisClient;
  /** Every key of the app starts with it; each feature adds its own part after it. */
  readonly keyPrefix: string;
}

/** In this process's memory: tests and experiments only (refused in production). */
export interface MemoryStorage extends StorageLifecycle {
  readonly kind: 'memory';
}

export const STORAGE = Symbol('STORAGE');

/** The store cannot be reached: a 503 page, never a silent logout. */
export class StorageUnavailableError extends UserFacingException {
  constructor(
    readonly storageKind: StorageKind,
    cause: unknown,
    retryUrl?: string,
  ) {
    super(
      {
        status: 503,
        heading: 'Temporarily unavailable',
        message: 'We cannot reach our session storage right now. Please try again in a moment.',
        retryUrl,
        retryLabel: 'Try again',
      },
      { cause, logReason: 'session-store-unavailable' },
    );
    this.name = 'StorageUnavailableError';
  }

  /** The same failure, whose "try again" goes to `url` (a login that failed half-way starts over). */
  retryAt(url: string): StorageUnavailableError {
    return new StorageUnavailableError(this.storageKind, this.cause, url);
  }
}

/** better-sqlite3 answers synchronously: this gives its answer, or its throw, as the promise an interface promises. */
export function settled<T>(operation: () => T): Promise<T> {
  return new Promise((resolve) => resolve(operation()));
}

/** Runs an operation on the store; whatever it throws (or rejects with) becomes a StorageUnavailableError. */
export async function inStorage<T>(storage: Pick<Storage, 'kind'>, operation: () => T | Promise<T>, retryUrl?: string): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof StorageUnavailableError) throw error;
    throw new StorageUnavailableError(storage.kind, error, retryUrl);
  }
}
