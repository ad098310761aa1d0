// J1: a refused cross-origin request is logged as a cross_origin_refused event. Its own file: nestjs-pino
// builds its logger once per process, with the first app's log destination, so a file that reads logs boots one app.
import { describe, expect, it } from 'vitest';
import { expectErrorPage, useAttackEnv } from '../../support/attack.js';
import { HttpClient } from '../../support/http-client.js';
import { anything, objectContaining } from '../../support/matchers.js';
import { logEvents } from '../../support/log-events.js';

describe('J1 cross-origin refusal events', () => {
  const logged: string[] = [];
  const env = useAttackEnv({ LOG_LEVEL: 'info' }, { write: (chunk: string) => logged.push(chunk) });
  const events = (): Array<Record<string, unknown>> => logEvents(logged, 'cross_origin_refused');

  it('J1 logs each refusal with the method, the path and what gave it away (Sec-Fetch-Site, else the Origin), with the request id', async () => {
    const post = (headers: Record<string, string>) =>
      new HttpClient().request(`${env.app.url}/logout`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: 'returnTo=%2F',
      });
    expectErrorPage(await post({ 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' }), 403);
    expectErrorPage(await post({ origin: `https://evil.example/${'x'.repeat(500)}` }), 403);
    expect((await post({ 'sec-fetch-site': 'same-origin' })).status).toBe(302);

    const [byFetchSite, byOrigin, ...others] = events();
    expect(others).toEqual([]);
    expect(byFetchSite).toEqual(
      objectContaining({ level: 30, method: 'POST', path: '/logout', fetchSite: 'cross-site', req: objectContaining({ id: anything() }) }),
    );
    expect(byFetchSite).not.toHaveProperty('origin');
    expect(byOrigin).toEqual(
      objectContaining({ method: 'POST', path: '/logout', origin: expect.stringMatching(/^https:\/\/evil\.example\/x+$/) as string }),
    );
    expect(String(byOrigin?.origin).length, 'an oversized header is cut in the log').toBe(200);
  });
});
