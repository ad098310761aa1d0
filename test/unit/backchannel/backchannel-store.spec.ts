import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { BackchannelStore } from '../../../src/backchannel/backchannel-store.js';
import { createMemoryBackchannelStore } from '../../../src/backchannel/memory-backchannel.store.js';
import { createRedisBackchannelStore } from '../../../src/backchannel/redis-backchannel.store.js';
import { createSqliteBackchannelStore } from '../../../src/backchannel/sqlite-backchannel.store.js';
import type { Storage } from '../../../src/storage/storage.js';
import { STORAGE_KINDS, storageForSuite } from '../../support/storages.js';

function backchannelStoreOn(storage: Storage): BackchannelStore {
  switch (storage.kind) {
    case 'sqlite':
      return createSqliteBackchannelStore(storage, 120);
    case 'redis':
      return createRedisBackchannelStore(storage, 120);
    case 'memory':
      return createMemoryBackchannelStore();
  }
}

describe.each(STORAGE_KINDS)('back-channel logout store on %s', (_title, kind) => {
  const storage = storageForSuite(kind, `test-backchannel-${process.pid}:`);
  // Subjects and sids of their own per test: the shared Redis outlives one test.
  const fresh = (): { alice: string; bob: string; sid: (name: string) => string } => {
    const run = randomUUID();
    return { alice: `alice-${run}`, bob: `bob-${run}`, sid: (name) => `${name}-${run}` };
  };

  it('finds the sessions of one IdP login by sid, and all of a user’s by sub alone (Back-Channel Logout 1.0 §2.7)', async () => {
    const store = backchannelStoreOn(storage());
    const { alice, bob, sid } = fresh();
    await store.addSession('a1', { sub: alice, sid: sid('s1') });
    await store.addSession('a2', { sub: alice, sid: sid('s2') });
    await store.addSession('a3', { sub: alice, sid: undefined });
    await store.addSession('b1', { sub: bob, sid: sid('s3') });

    expect((await store.sessionsOf({ sid: sid('s1') })).sort()).toEqual(['a1']);
    expect((await store.sessionsOf({ sub: alice, sid: sid('s2') })).sort()).toEqual(['a2']);
    expect((await store.sessionsOf({ sub: alice })).sort()).toEqual(['a1', 'a2', 'a3']);
    expect(await store.sessionsOf({ sid: sid('unknown') })).toEqual([]);
    expect(await store.sessionsOf({})).toEqual([]);
  });

  it('forgets a session that ended, by sid and by sub', async () => {
    const store = backchannelStoreOn(storage());
    const { alice, sid } = fresh();
    await store.addSession('gone', { sub: alice, sid: sid('s1') });
    await store.addSession('kept', { sub: alice, sid: sid('s1') });
    await store.removeSession('gone');
    await store.removeSession('never-added');
    expect(await store.sessionsOf({ sid: sid('s1') })).toEqual(['kept']);
    expect(await store.sessionsOf({ sub: alice })).toEqual(['kept']);
  });

  it('firstUse: one winner per key, even when asked at the same time', async () => {
    const store = backchannelStoreOn(storage());
    const key = `jti-${randomUUID()}`;
    const answers = await Promise.all(Array.from({ length: 5 }, () => store.firstUse(key, 60)));
    expect(answers.filter(Boolean)).toHaveLength(1);
    expect(await store.firstUse(key, 60)).toBe(false);
    expect(await store.firstUse(`${key}-other`, 60)).toBe(true);
  });
});
