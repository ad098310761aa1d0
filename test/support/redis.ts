import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createClient } from 'redis';
import { afterAll, beforeAll } from 'vitest';
import type { RedisStorage } from '../../src/storage/storage.js';
import { freePort } from './ports.js';
import { waitFor } from './wait.js';

/** The shared Redis that CI and every dev machine run; the Redis suites fail (not skip) without it. */
export const SHARED_REDIS_URL = 'redis://127.0.0.1:6379';

export async function assertRedisAnswers(url: string): Promise<void> {
  const client = createClient({ url, socket: { connectTimeout: 2000, reconnectStrategy: false } });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    throw new Error(`Redis is required for this suite and does not answer at ${url}: ${String(error)}`, { cause: error });
  } finally {
    if (client.isOpen) await client.close();
  }
}

/**
 * A client of the shared Redis for the calling suite (call it inside `describe`): it checks that
 * Redis answers and connects before the suite, then deletes every key under `keyPrefix` and
 * disconnects after it. Give each suite a prefix of its own.
 */
export function sharedRedisClient(keyPrefix: string): ReturnType<typeof createClient> {
  const client = createClient({ url: SHARED_REDIS_URL });
  beforeAll(async () => {
    await assertRedisAnswers(SHARED_REDIS_URL);
    await client.connect();
  });
  afterAll(async () => {
    for await (const keys of client.scanIterator({ MATCH: `${keyPrefix}*` })) if (keys.length > 0) await client.del(keys);
    await client.close();
  });
  return client;
}

/** The app's Redis storage on `client`, with every key under `keyPrefix` (the suite's own). */
export function redisStorageOf(client: ReturnType<typeof createClient>, keyPrefix: string): RedisStorage {
  return { kind: 'redis', client, keyPrefix, ping: async () => void (await client.ping()), close: () => Promise.resolve() };
}

export interface ThrowawayRedis {
  url: string;
  port: number;
  stop(): Promise<void>;
  /** Starts it again on the same port (empty: it keeps nothing on disk). */
  restart(): Promise<void>;
}

/** A private redis-server on a random port, for tests that must stop Redis without touching the shared one. */
export async function startThrowawayRedis(): Promise<ThrowawayRedis> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;

  const start = async (): Promise<void> => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    const answers = (): Promise<boolean> =>
      assertRedisAnswers(url).then(
        () => true,
        () => false,
      );
    await waitFor(answers, 5000, { intervalMs: 100, timeoutMessage: () => `throwaway redis-server did not start on port ${port}` });
  };
  const stop = async (): Promise<void> => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  };

  await start();
  return {
    url,
    port,
    stop,
    async restart() {
      await stop();
      await start();
    },
  };
}
