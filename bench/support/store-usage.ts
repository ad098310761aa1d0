import { existsSync, statSync } from 'node:fs';
import type BetterSqlite3 from 'better-sqlite3';
import { createClient } from 'redis';

// The app's own driver, from its build (npm run bench builds it first): the better-sqlite3 release
// this Node can run. A specifier in a variable, since that file is outside the bench's sources.
const SQLITE_DRIVER = new URL('../../../dist/storage/sqlite-driver.js', import.meta.url).href;
const { Database } = (await import(SQLITE_DRIVER)) as { Database: typeof BetterSqlite3 };

export interface StoreUsage {
  sessions: number;
  /** What the store holds per session: file bytes per row (SQLite) or MEMORY USAGE (Redis). */
  bytesPerSession: number;
  /** The payload alone: sid + JSON per row (SQLite) or the value's length (Redis). */
  payloadBytesPerSession: number;
}

/** Main file plus write-ahead log: both are disk the store uses. */
export function sqliteUsage(path: string): StoreUsage {
  const fileBytes = [path, `${path}-wal`].filter(existsSync).reduce((sum, file) => sum + statSync(file).size, 0);
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare('SELECT COUNT(*) AS sessions, COALESCE(SUM(LENGTH(sid) + LENGTH(data) + 8), 0) AS payload FROM sessions').get() as {
      sessions: number;
      payload: number;
    };
    return { sessions: row.sessions, bytesPerSession: fileBytes / row.sessions, payloadBytesPerSession: row.payload / row.sessions };
  } finally {
    db.close();
  }
}

const SAMPLE_KEYS = 200;
// The app's session keys (`<prefix>sess:<sid>`), whatever its prefix.
const SESSION_KEYS = '*sess:*';

/**
 * The bench keeps its sessions in a Redis logical database of their own, so that counting and
 * cleaning up never touches the keys of anyone else using the same server.
 */
export class BenchRedis {
  private constructor(private readonly client: ReturnType<typeof createClient>) {}

  static async connect(url: string): Promise<BenchRedis> {
    const client = createClient({ url, socket: { connectTimeout: 2000, reconnectStrategy: false } });
    client.on('error', () => undefined);
    await client.connect();
    return new BenchRedis(client);
  }

  async size(): Promise<number> {
    return this.client.dbSize();
  }

  /** Session keys only: the database also holds the app's login index (sets) and lock keys. */
  async usage(): Promise<StoreUsage> {
    let sessions = 0;
    const sample: string[] = [];
    for await (const keys of this.client.scanIterator({ MATCH: SESSION_KEYS, COUNT: 1000 })) {
      sessions += keys.length;
      if (sample.length < SAMPLE_KEYS) sample.push(...keys.slice(0, SAMPLE_KEYS - sample.length));
    }
    let memory = 0;
    let payload = 0;
    for (const key of sample) {
      memory += (await this.client.memoryUsage(key)) ?? 0;
      payload += key.length + (await this.client.strLen(key));
    }
    return { sessions, bytesPerSession: memory / sample.length, payloadBytesPerSession: payload / sample.length };
  }

  /** MEMORY USAGE of the key holding session `sid`, whatever the app's key prefix. */
  async sessionBytes(sid: string): Promise<number | undefined> {
    for await (const keys of this.client.scanIterator({ MATCH: `*sess:${sid}`, COUNT: 1000 })) {
      const key = keys[0];
      if (key !== undefined) return (await this.client.memoryUsage(key)) ?? undefined;
    }
    return undefined;
  }

  /** Deletes every key of the bench's database (it was empty when the run started). */
  async removeAll(): Promise<number> {
    let removed = 0;
    for await (const keys of this.client.scanIterator({ COUNT: 1000 })) {
      if (keys.length > 0) removed += await this.client.unlink(keys);
    }
    return removed;
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}

/** Bytes of one session row (sid + JSON), e.g. a logged-in one. */
export function sqliteSessionBytes(path: string, sid: string): number | undefined {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare('SELECT LENGTH(sid) + LENGTH(data) AS bytes FROM sessions WHERE sid = ?').get(sid) as { bytes: number } | undefined;
    return row?.bytes;
  } finally {
    db.close();
  }
}
