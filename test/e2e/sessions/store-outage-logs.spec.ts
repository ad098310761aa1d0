// An outage of the session store is an expected failure: each 503 it causes is one log line with the status,
// a reason code and the request id, and no stack. (nestjs-pino keeps one logger per process: one app per file.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attemptLogin, expectLoggedIn, startAppWithHostileIdp, type AttackEnv } from '../../support/attack.js';
import { HttpClient } from '../../support/http-client.js';
import { anything, objectContaining } from '../../support/matchers.js';
import { startThrowawayRedis, type ThrowawayRedis } from '../../support/redis.js';
import { waitFor } from '../../support/wait.js';

interface LogLine {
  level: number;
  msg?: string;
  req?: { id?: unknown; path?: string };
  res?: { statusCode?: number };
  [field: string]: unknown;
}

const ERROR = 50;
// A line of a stack trace, as it appears inside a JSON string: "\n    at fn (file.js:1:2)".
const STACK_FRAME = /\\n\s+at /;

describe('logs while Redis is down (throwaway redis-server)', () => {
  const written: string[] = [];
  const lines = (): LogLine[] =>
    written
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as LogLine);
  let redis: ThrowawayRedis;
  let env: AttackEnv;

  beforeAll(async () => {
    redis = await startThrowawayRedis();
    env = await startAppWithHostileIdp(
      { LOG_LEVEL: 'info', SESSION_STORE: 'redis', REDIS_URL: redis.url },
      {},
      { write: (chunk: string) => written.push(chunk) },
    );
  });
  afterAll(async () => {
    await env.close();
    await redis.stop();
  });

  it('a 503 is one line naming its status, reason code and request id, with no stack', async () => {
    const client = new HttpClient();
    await expectLoggedIn(client, env.app.url, await attemptLogin(client, env.app.url));
    await redis.stop();
    written.length = 0;

    expect((await client.get(`${env.app.url}/dashboard`)).status).toBe(503);
    expect((await client.get(`${env.app.url}/dashboard`)).status).toBe(503);
    // The request's line is written once the response has gone out.
    await waitFor(() => lines().filter((line) => line.req?.path === '/dashboard').length >= 2, 2000);

    const dashboard = lines().filter((line) => line.req?.path === '/dashboard');
    expect(dashboard).toEqual([
      objectContaining({
        level: ERROR,
        res: { statusCode: 503 },
        reason: 'session-store-unavailable',
        req: objectContaining({ id: anything() }),
      }),
      objectContaining({
        level: ERROR,
        res: { statusCode: 503 },
        reason: 'session-store-unavailable',
        req: objectContaining({ id: anything() }),
      }),
    ]);
    expect(dashboard[0]?.req?.id).not.toEqual(dashboard[1]?.req?.id);
    for (const line of dashboard) expect(line).not.toHaveProperty('err');
    expect(written.join('')).not.toMatch(STACK_FRAME);
    expect(written.join('')).not.toContain('undefined');
  });
});
