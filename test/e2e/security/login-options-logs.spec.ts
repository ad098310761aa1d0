// J4, J5: every refused login option is one login_failed line with its reason code, and a step-up
// one step_up_required line. (nestjs-pino keeps one logger per process: one app per file.)
import { describe, expect, it } from 'vitest';
import { MULTI_FACTOR_POLICY } from '../../../src/common/multi-factor-policy.js';
import { attemptLogin, expectLoggedIn, expectRejectedLogin, useAttackEnv } from '../../support/attack.js';
import { HttpClient } from '../../support/http-client.js';
import { objectContaining } from '../../support/matchers.js';

interface LogLine {
  event?: string;
  reason?: string;
  detail?: string;
  sub?: string;
  path?: string;
  maxAge?: number;
}

describe('login option logs', () => {
  const written: string[] = [];
  const env = useAttackEnv({ LOG_LEVEL: 'info', AUTH0_ORGANIZATION: 'org_pinned' }, { write: (chunk: string) => written.push(chunk) });

  const events = (event: string): LogLine[] =>
    written
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as LogLine)
      .filter((line) => line.event === event);

  async function refusedLogin(search: string, status: number): Promise<void> {
    const client = new HttpClient();
    await expectRejectedLogin(client, env.app.url, await attemptLogin(client, env.app.url, search), status);
  }

  it('J5 a reserved parameter is logged as invalid-login-parameters, naming the parameter, not its value', async () => {
    written.length = 0;
    expect((await new HttpClient().get(`${env.app.url}/login?Redirect_Uri=https%3A%2F%2Fevil.test`)).status).toBe(400);
    expect(events('login_failed')).toEqual([
      objectContaining({ reason: 'invalid-login-parameters', detail: 'parameter "Redirect_Uri" is set by the app, never by the query' }),
    ]);
    expect(written.join('')).not.toContain('evil.test');
  });

  it('J4 a refused organization, auth_time or amr is one login_failed line each, with its reason code and no claim value', async () => {
    written.length = 0;
    env.idp.behave({ idToken: { claims: { org_id: 'org_intruder' } } });
    await refusedLogin('', 403);
    env.idp.behave({ idToken: { claims: { org_id: 'org_pinned' }, omitClaims: ['auth_time'] } });
    await refusedLogin('?max_age=300', 401);
    env.idp.behave({ idToken: { claims: { org_id: 'org_pinned', amr: ['pwd'] } } });
    await refusedLogin(`?acr_values=${encodeURIComponent(MULTI_FACTOR_POLICY)}`, 401);
    expect(events('login_failed').map(({ reason }) => reason)).toEqual(['organization-mismatch', 'login-not-recent', 'multi-factor-missing']);
    expect(written.join('')).not.toContain('org_intruder');
  });

  it('J4 a route asking a more recent login logs step_up_required with the user, the path and what is missing', async () => {
    env.idp.behave({ idToken: { claims: { org_id: 'org_pinned' } } });
    const client = new HttpClient();
    await expectLoggedIn(client, env.app.url, await attemptLogin(client, env.app.url));
    written.length = 0;
    expect((await client.get(`${env.app.url}/account`)).status).toBe(302);
    expect(events('step_up_required')).toEqual([objectContaining({ sub: 'auth0|hostile-user', path: '/account', maxAge: 300 })]);
  });
});
