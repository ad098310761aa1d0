import type { SessionData } from 'express-session';
import type { createClient } from 'redis';
import { endsLogin, indexedLoginOf, type LoginSessionMatch } from './login-session-index.js';

type RedisClient = ReturnType<typeof createClient>;

export interface RedisLoginIndexOptions {
  /** connect-redis's prefix: a session lives at `<sessionPrefix><session id>`. */
  sessionPrefix: string;
  /** Prefix of this index's keys: `<prefix>login:sub:<sub>`, `<prefix>login:sid:<sid>`, `<prefix>seen:<key>`. */
  prefix: string;
  /** How long an index set lives after its last addition: no session outlives it (the absolute timeout). */
  ttlSeconds: number;
}

// Bumped if the index's shape ever changes, so that every deployment indexes its sessions again.
const INDEXED_MARKER = 'login:indexed:v1';
const SCAN_BATCH = 500;

/**
 * Sessions by user and by IdP login, as Redis sets of session ids, for back-channel logout.
 * Members are added when a session is saved and never removed one by one: a member whose
 * session key is gone (logged out, expired) is dropped when the set is next read, or when the
 * same user logs in again. Every set expires after the longest a session can live, counted from
 * its last addition, so an idle user's set goes with their sessions.
 */
export class RedisLoginIndex {
  constructor(
    private readonly client: RedisClient,
    private readonly options: RedisLoginIndexOptions,
  ) {}

  /** Indexes a saved session; a login (a new member) also sweeps the user's ended sessions out of their set. */
  async add(sessionId: string, session: SessionData): Promise<void> {
    const { subject, idpSessionId } = indexedLoginOf(session);
    if (subject === undefined) return;
    const subjectKey = this.subjectKey(subject);
    const multi = this.client.multi().sAdd(subjectKey, sessionId).expire(subjectKey, this.options.ttlSeconds);
    if (idpSessionId !== undefined) {
      const sidKey = this.sidKey(idpSessionId);
      multi.sAdd(sidKey, sessionId).expire(sidKey, this.options.ttlSeconds);
    }
    const [added] = await multi.exec();
    if (Number(added) === 1) await this.dropEndedMembers(subjectKey);
  }

  /** Deletes the sessions a back-channel logout names (see `endsLogin`); resolves with how many went. */
  async endSessions(match: LoginSessionMatch): Promise<number> {
    const setKeys = [
      ...(match.sid === undefined ? [] : [this.sidKey(match.sid)]),
      ...(match.sub === undefined ? [] : [this.subjectKey(match.sub)]),
    ];
    if (setKeys.length === 0) return 0;
    const candidates = [...new Set(setKeys.length === 1 ? await this.client.sMembers(setKeys[0]) : await this.client.sUnion(setKeys))];
    if (candidates.length === 0) return 0;
    const stored = await this.client.mGet(candidates.map((id) => this.sessionKey(id)));
    const ending = candidates.filter((_, index) => {
      const session = parseSession(stored[index]);
      return session !== undefined && endsLogin(match, indexedLoginOf(session));
    });
    const gone = candidates.filter((id, index) => stored[index] === null || ending.includes(id));
    const multi = this.client.multi();
    if (ending.length > 0) multi.del(ending.map((id) => this.sessionKey(id)));
    if (gone.length > 0) for (const key of setKeys) multi.sRem(key, gone);
    await multi.exec();
    return ending.length;
  }

  /** SET NX: exactly one instance wins for a key, however many receive it at once. */
  async rememberOnce(key: string, ttlSeconds: number): Promise<boolean> {
    const reply = await this.client.set(`${this.options.prefix}seen:${key}`, '1', {
      condition: 'NX',
      expiration: { type: 'EX', value: Math.max(1, Math.ceil(ttlSeconds)) },
    });
    return reply === 'OK';
  }

  /**
   * Sessions saved before this index existed are in no set: index them once per Redis (a marker
   * key remembers it was done). Several instances starting together may each scan: adding twice
   * changes nothing. Resolves with how many sessions were indexed.
   */
  async indexExistingSessions(): Promise<number> {
    const marker = `${this.options.prefix}${INDEXED_MARKER}`;
    if ((await this.client.exists(marker)) > 0) return 0;
    let indexed = 0;
    for await (const keys of this.client.scanIterator({ MATCH: `${this.options.sessionPrefix}*`, COUNT: SCAN_BATCH })) {
      if (keys.length === 0) continue;
      const stored = await this.client.mGet(keys);
      for (const [index, key] of keys.entries()) {
        const session = parseSession(stored[index]);
        if (session?.subject === undefined) continue;
        await this.add(key.slice(this.options.sessionPrefix.length), session);
        indexed += 1;
      }
    }
    await this.client.set(marker, new Date().toISOString());
    return indexed;
  }

  private async dropEndedMembers(setKey: string): Promise<void> {
    const members = await this.client.sMembers(setKey);
    const multi = this.client.multi();
    for (const id of members) multi.exists(this.sessionKey(id));
    const exists = await multi.exec();
    const ended = members.filter((_, index) => Number(exists[index]) === 0);
    if (ended.length > 0) await this.client.sRem(setKey, ended);
  }

  private sessionKey(sessionId: string): string {
    return `${this.options.sessionPrefix}${sessionId}`;
  }

  private subjectKey(sub: string): string {
    return `${this.options.prefix}login:sub:${sub}`;
  }

  private sidKey(sid: string): string {
    return `${this.options.prefix}login:sid:${sid}`;
  }
}

// connect-redis stores JSON; anything else is not a session this index can judge.
function parseSession(stored: string | null | undefined): SessionData | undefined {
  if (stored === null || stored === undefined) return undefined;
  try {
    return JSON.parse(stored) as SessionData;
  } catch {
    return undefined;
  }
}
