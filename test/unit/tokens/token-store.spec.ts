import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Storage } from '../../../src/storage/storage.js';
import type { ApiTokens } from '../../../src/tokens/api-tokens.js';
import { createMemoryTokenStore } from '../../../src/tokens/memory-token.store.js';
import { createRedisTokenStore } from '../../../src/tokens/redis-token.store.js';
import { createSqliteTokenStore } from '../../../src/tokens/sqlite-token.store.js';
import type { TokenStore } from '../../../src/tokens/token-store.js';
import { STORAGE_KINDS, storageForSuite } from '../../support/storages.js';
import { waitFor } from '../../support/wait.js';

function tokenStoreOn(storage: Storage, ttlSeconds: number): TokenStore {
  switch (storage.kind) {
    case 'sqlite':
      return createSqliteTokenStore(storage, ttlSeconds);
    case 'redis':
      return createRedisTokenStore(storage, ttlSeconds);
    case 'memory':
      return createMemoryTokenStore(ttlSeconds);
  }
}

const tokens = (accessToken: string): ApiTokens => ({
  accessToken,
  expiresAt: Date.now() + 60_000,
  scope: 'openid',
  refreshToken: `refresh-${accessToken}`,
});

describe.each(STORAGE_KINDS)('TokenStore on %s', (_title, kind) => {
  const storage = storageForSuite(kind, `test-tokens-${process.pid}:`);

  it('keeps a session’s tokens under its id, apart from other sessions’, and hands them back as it forgets them (take)', async () => {
    const store = tokenStoreOn(storage(), 60);
    const [mine, theirs] = [randomUUID(), randomUUID()];
    const kept = tokens('a');
    await store.put(mine, kept);
    await store.put(theirs, tokens('b'));
    expect(await store.get(mine)).toEqual(kept);
    expect(await store.take(mine)).toEqual(kept);
    expect(await store.get(mine)).toBeUndefined();
    expect(await store.take(mine)).toBeUndefined();
    expect((await store.get(theirs))?.accessToken).toBe('b');
  });

  it('replaces tokens only while the session still has some: a refresh that ends after a logout does not bring them back', async () => {
    const store = tokenStoreOn(storage(), 60);
    const session = randomUUID();
    await store.put(session, tokens('first'));
    expect(await store.replace(session, tokens('rotated'))).toBe(true);
    expect((await store.get(session))?.accessToken).toBe('rotated');
    expect((await store.take(session))?.accessToken).toBe('rotated');
    expect(await store.replace(session, tokens('late'))).toBe(false);
    expect(await store.get(session)).toBeUndefined();
  });

  it('lets tokens go once their session could no longer live (the TTL it was given)', async () => {
    const store = tokenStoreOn(storage(), 1);
    const session = randomUUID();
    await store.put(session, tokens('short'));
    expect(await store.get(session)).toBeDefined();
    await waitFor(async () => (await store.get(session)) === undefined, 5000, { intervalMs: 100 });
    expect(await store.replace(session, tokens('late'))).toBe(false);
  });
});
