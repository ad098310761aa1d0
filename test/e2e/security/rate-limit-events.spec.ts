// A refused login is logged as a rate_limited event. Its own file: nestjs-pino builds its logger
// once per process, with the first app's log destination, so a file that reads logs boots one app.
import { describe, expect, it } from 'vitest';
import { useAttackEnv } from '../../support/attack.js';
import { anything, objectContaining } from '../../support/matchers.js';
import { clientFrom, expectTooManyRequests, LIMIT } from '../../support/rate-limit.js';
import { logEvents } from '../../support/log-events.js';

describe('login rate limit events', () => {
  const logged: string[] = [];
  const env = useAttackEnv(
    { LOGIN_RATE_LIMIT: String(LIMIT), TRUST_PROXY: 'loopback', LOG_LEVEL: 'info' },
    { write: (chunk: string) => logged.push(chunk) },
  );
  const events = (): Array<Record<string, unknown>> => logEvents(logged, 'rate_limited');

  it('logs each refusal as a rate_limited event with the path and the request id', async () => {
    const { client, headers } = clientFrom('203.0.113.6');
    for (let attempt = 0; attempt < LIMIT; attempt += 1) await client.get(`${env.app.url}/login`, headers);
    expect(events()).toEqual([]);
    expectTooManyRequests(await client.get(`${env.app.url}/login`, headers));
    expect(events()).toEqual([objectContaining({ level: 30, path: '/login', req: objectContaining({ id: anything() }) })]);
  });
});
