// Attack case J4 (step-up): a login that asked max_age or multi-factor is refused unless its ID
// token shows it, whatever the IdP did with the request.
import { describe, expect, it } from 'vitest';
import { MULTI_FACTOR_POLICY } from '../../../src/common/multi-factor-policy.js';
import { attemptLogin, expectLoggedIn, expectRejectedLogin, useAttackEnv } from '../../support/attack.js';
import type { Claims, IdTokenPlan } from '../../support/hostile-idp/index.js';
import { HttpClient } from '../../support/http-client.js';
import { storedState } from '../../support/stored.js';

const now = (): number => Math.floor(Date.now() / 1000);
const HOUR = 3600;
// The clock tolerance the app gives ID tokens, and so auth_time (src/idp/id-token-verifier.ts).
const TOLERANCE = 60;

const MAX_AGE = '?max_age=300&returnTo=%2Fdashboard';
const MULTI_FACTOR = `?acr_values=${encodeURIComponent(MULTI_FACTOR_POLICY)}`;

describe('J4 step-up at the callback', () => {
  const env = useAttackEnv();

  async function expectRefused(search: string, idToken: IdTokenPlan, status: number, heading: string): Promise<void> {
    env.idp.behave({ idToken });
    const client = new HttpClient();
    const result = await attemptLogin(client, env.app.url, search);
    await expectRejectedLogin(client, env.app.url, result, status);
    expect(result.text).toContain(heading);
  }

  async function expectAccepted(search: string, claims: Claims): Promise<HttpClient> {
    env.idp.behave({ idToken: { claims } });
    const client = new HttpClient();
    await expectLoggedIn(client, env.app.url, await attemptLogin(client, env.app.url, search));
    return client;
  }

  it('J4 a login that asked max_age and gets a fresh auth_time logs in, and the session keeps auth_time', async () => {
    const authTime = now() - 10;
    const client = await expectAccepted(MAX_AGE, { auth_time: authTime });
    expect(env.idp.lastCall('authorize').query.get('max_age')).toBe('300');
    const stored = storedState(env.app);
    const session = await stored.session(await stored.sessionIdOf(client));
    expect(session?.passport?.user?.authTime).toBe(authTime);
    expect(session?.passport?.user?.claims).not.toHaveProperty('auth_time');
  });

  it('J4 a login that asked max_age requires auth_time: an ID token without it is refused (401)', async () => {
    await expectRefused(MAX_AGE, { omitClaims: ['auth_time'] }, 401, 'We could not confirm a recent login');
  });

  it('J4 an IdP that ignores max_age and returns an hour-old auth_time is refused (401)', async () => {
    await expectRefused(MAX_AGE, { claims: { auth_time: now() - HOUR } }, 401, 'We could not confirm a recent login');
  });

  it('J4 auth_time just past max_age but within the clock tolerance is accepted; beyond it, refused', async () => {
    await expectAccepted(MAX_AGE, { auth_time: now() - 300 - TOLERANCE + 15 });
    await expectRefused(MAX_AGE, { claims: { auth_time: now() - 300 - TOLERANCE - 15 } }, 401, 'We could not confirm a recent login');
  });

  it('J4 a non-numeric or future auth_time is refused for a max_age login', async () => {
    await expectRefused(MAX_AGE, { claims: { auth_time: 'recently' } }, 401, 'We could not confirm a recent login');
    await expectRefused(MAX_AGE, { claims: { auth_time: now() + HOUR } }, 401, 'We could not confirm a recent login');
  });

  it('J4 max_age=0 (authenticate now) refuses a login older than the clock tolerance', async () => {
    await expectRefused('?max_age=0', { claims: { auth_time: now() - TOLERANCE - 15 } }, 401, 'We could not confirm a recent login');
    await expectAccepted('?max_age=0', { auth_time: now() });
  });

  it('J4 a login that did not ask max_age accepts an old auth_time or none (baseline)', async () => {
    await expectAccepted('', { auth_time: now() - 30 * 24 * HOUR });
    await expectAccepted('', {});
  });

  it('J4 a login that asked multi-factor refuses an ID token whose amr lacks mfa, or has no amr (401)', async () => {
    await expectRefused(MULTI_FACTOR, { omitClaims: ['amr'] }, 401, 'Your second sign-in step was not confirmed');
    await expectRefused(MULTI_FACTOR, { claims: { amr: ['pwd'] } }, 401, 'Your second sign-in step was not confirmed');
    await expectRefused(MULTI_FACTOR, { claims: { amr: 'mfa' } }, 401, 'Your second sign-in step was not confirmed');
  });

  it('J4 a login that asked multi-factor and gets amr with mfa logs in; the session keeps amr', async () => {
    const client = await expectAccepted(MULTI_FACTOR, { amr: ['pwd', 'mfa'] });
    expect(env.idp.lastCall('authorize').query.get('acr_values')).toBe(MULTI_FACTOR_POLICY);
    const stored = storedState(env.app);
    const session = await stored.session(await stored.sessionIdOf(client));
    expect(session?.passport?.user?.amr).toEqual(['pwd', 'mfa']);
  });

  it('J4 one login asking both max_age and multi-factor needs both', async () => {
    const both = `${MAX_AGE}&acr_values=${encodeURIComponent(MULTI_FACTOR_POLICY)}`;
    await expectRefused(both, { claims: { auth_time: now(), amr: ['pwd'] } }, 401, 'Your second sign-in step was not confirmed');
    await expectRefused(both, { claims: { auth_time: now() - HOUR, amr: ['mfa'] } }, 401, 'We could not confirm a recent login');
    await expectAccepted(both, { auth_time: now(), amr: ['mfa'] });
  });
});
