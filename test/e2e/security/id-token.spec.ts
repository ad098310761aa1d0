// Attack cases D (and E3): every ID token the hostile token endpoint hands over is checked
// (signature against the JWKS, iss, aud/azp, sub, iat, exp, nonce) before /userinfo is called.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { attemptLogin, expectIdTokenRejected, expectLoggedIn, expectRejectedLogin, useAttackEnv } from '../../support/attack.js';
import { startTestApp, type TestApp } from '../../support/app.js';
import { fault, type HostileIdp, type IdTokenPlan, type IdTokenSigning, startHostileIdp } from '../../support/hostile-idp/index.js';
import { HttpClient } from '../../support/http-client.js';

const now = (): number => Math.floor(Date.now() / 1000);
const WEEK = 7 * 24 * 3600;

describe('D. ID token', () => {
  const env = useAttackEnv();

  async function expectRejected(idToken: IdTokenPlan): Promise<void> {
    env.idp.behave({ idToken });
    const client = new HttpClient();
    const result = await attemptLogin(client, env.app.url);
    await expectIdTokenRejected(env, client, result);
  }

  async function expectAccepted(idToken: IdTokenPlan): Promise<void> {
    env.idp.behave({ idToken });
    const client = new HttpClient();
    await expectLoggedIn(client, env.app.url, await attemptLogin(client, env.app.url));
    expect(env.idp.calls('userinfo')).toHaveLength(1);
  }

  it('a well-formed RS256 ID token from the tenant is accepted (baseline for this file)', async () => {
    await expectAccepted({});
  });

  // One row per forged or malformed ID token; plans are built when the test runs (clock, client id).
  it.each<[string, () => IdTokenPlan]>([
    ['D1 an ID token from another issuer is rejected', () => ({ claims: { iss: 'https://evil.test/' } })],
    ['D3 missing sub is rejected', () => ({ omitClaims: ['sub'] })],
    ['D3 non-string sub is rejected', () => ({ claims: { sub: 42 } })],
    ['D4 missing iat is rejected', () => ({ omitClaims: ['iat'] })],
    ['D4 iat one week old (exp still in the future) is rejected', () => ({ claims: { iat: now() - WEEK, exp: now() + 3600 } })],
    ['D4 iat in the future beyond clock skew is rejected', () => ({ claims: { iat: now() + 3600, exp: now() + 7200 } })],
    ['D5 exp in the past beyond clock skew is rejected', () => ({ claims: { iat: now() - 600, exp: now() - 120 } })],
    ['D5 missing exp is rejected', () => ({ omitClaims: ['exp'] })],
    ['D5 non-numeric exp is rejected', () => ({ claims: { exp: 'tomorrow' } })],
    ['D6 a wrong nonce is rejected', () => ({ claims: { nonce: 'not-the-nonce-of-this-login' } })],
    ['D6 a missing nonce is rejected', () => ({ omitClaims: ['nonce'] })],
    ['D7 alg:none ID token is rejected', () => ({ signing: 'none' })],
    ['D8 HS256 MAC keyed with the client secret is rejected', () => ({ signing: 'hs256-client-secret' })],
    ['D8 HS256 MAC keyed with the RSA public key PEM is rejected', () => ({ signing: 'hs256-public-key-pem' })],
    ['D8 ES256 signed by a key nobody published is rejected', () => ({ signing: 'es256-foreign-key' })],
    ['D9 a bad RS256 signature is rejected (we verify signatures)', () => ({ corruption: 'flip-signature' })],
  ])('%s', async (_name, plan) => {
    await expectRejected(plan());
  });

  describe('D2 audience and authorized party', () => {
    it.each<[string, () => IdTokenPlan]>([
      ['D2 aud naming another client is rejected', () => ({ claims: { aud: 'someone-else' } })],
      ['D2 missing aud is rejected', () => ({ omitClaims: ['aud'] })],
      ['D2 an extra untrusted aud without azp is rejected', () => ({ claims: { aud: [env.idp.clientId, 'https://evil.test'] } })],
      [
        'D2 an extra untrusted aud with azp naming it is rejected',
        () => ({ claims: { aud: [env.idp.clientId, 'https://evil.test'], azp: 'https://evil.test' } }),
      ],
      ['D2 azp naming another client is rejected even with a single aud', () => ({ claims: { azp: 'someone-else' } })],
      [
        'D2 an extra untrusted aud with azp = client id is rejected (OIDC Core 3.1.3.7 (3))',
        () => ({ claims: { aud: [env.idp.clientId, 'https://evil.test/'], azp: env.idp.clientId } }),
      ],
    ])('%s', async (_name, plan) => {
      await expectRejected(plan());
    });
    it.each<[string, () => IdTokenPlan]>([
      ['D2 aud as a one-element array with azp = client id is accepted', () => ({ claims: { aud: [env.idp.clientId], azp: env.idp.clientId } })],
      ['D2 aud as a one-element array is accepted', () => ({ claims: { aud: [env.idp.clientId] } })],
    ])('%s', async (_name, plan) => {
      await expectAccepted(plan());
    });
  });

  it('D6 a nonce replayed from an earlier completed login is rejected', async () => {
    const earlier = new HttpClient();
    await expectLoggedIn(earlier, env.app.url, await attemptLogin(earlier, env.app.url));
    const usedNonce = env.idp.lastAuthorize().nonce ?? '';
    expect(usedNonce).not.toBe('');
    env.idp.reset();
    await expectRejected({ claims: { nonce: usedNonce } });
  });

  describe('D10 keys: the JWKS header parameters are ignored', () => {
    it.each<[string, IdTokenSigning]>([
      ['D10 a `jwk` header carrying the attacker key is ignored: rejected', 'attacker-jwk'],
      ['D10 a `jku` header pointing at an attacker JWKS is ignored: rejected, never fetched', 'attacker-jku'],
      ['D10 an `x5u` header pointing at an attacker certificate is ignored: rejected, never fetched', 'attacker-x5u'],
    ])('%s', async (_name, signing) => {
      await expectRejected({ signing });
      expect(env.idp.calls('attacker')).toEqual([]);
    });
  });

  describe('D11 malformed JWTs', () => {
    it.each<[string, IdTokenPlan]>([
      ['D11 a JWT with two segments is rejected', { corruption: 'two-segments' }],
      ['D11 a JWT with bad base64url is rejected', { corruption: 'bad-base64url' }],
      ['D11 a validly signed JWT whose payload is not JSON is rejected', { corruption: 'payload-not-json' }],
      ['D11 aud as an object is rejected', { claims: { aud: {} } }],
    ])('%s', async (_name, plan) => {
      await expectRejected(plan);
    });
    it('D11 a 1 MB claim is refused by the response size cap (502), no crash', async () => {
      env.idp.behave({ idToken: { claims: { padding: 'x'.repeat(1024 * 1024) } } });
      const client = new HttpClient();
      const result = await attemptLogin(client, env.app.url);
      await expectRejectedLogin(client, env.app.url, result, 502);
      expect(env.idp.calls('userinfo')).toEqual([]);
    });
  });
});

// Each test gets a fresh app, so its JWKS cache starts empty and cache timing is under the test's control.
describe('D10 keys: selection, rotation and JWKS faults', () => {
  let idp: HostileIdp;
  let app: TestApp;

  beforeAll(async () => {
    idp = await startHostileIdp();
  });
  afterAll(() => idp.close());
  beforeEach(async () => {
    idp.reset();
    // With /userinfo on, "no userinfo call" shows the ID token was refused before it.
    app = await startTestApp(idp, { AUTH0_USERINFO: 'true' });
  });
  afterEach(async () => {
    vi.useRealTimers();
    await app.close();
  });

  async function login(): Promise<{ client: HttpClient; result: Awaited<ReturnType<typeof attemptLogin>> }> {
    const client = new HttpClient();
    return { client, result: await attemptLogin(client, app.url) };
  }

  /** The JWKS cache (10 min) and refetch cooldown (30 s) follow Date; move it, not the real clock. */
  function advanceClock(ms: number): void {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    vi.setSystemTime(Date.now() + ms);
  }

  it('D10 no kid in the header and a single published key: accepted', async () => {
    idp.behave({ idToken: { omitHeader: ['kid'] } });
    const { client, result } = await login();
    await expectLoggedIn(client, app.url, result);
  });

  it('D10 no kid in the header with two published keys: rejected, fails closed', async () => {
    await idp.rotateSigningKey({ publishOld: true });
    idp.behave({ idToken: { omitHeader: ['kid'] } });
    const { client, result } = await login();
    await expectRejectedLogin(client, app.url, result, 401);
    expect(idp.calls('userinfo')).toEqual([]);
  });

  it('D10 unknown kid after key rotation: one JWKS refetch, then accepted', async () => {
    const first = await login();
    await expectLoggedIn(first.client, app.url, first.result);
    expect(idp.calls('jwks')).toHaveLength(1);

    await idp.rotateSigningKey({ publishOld: false });
    advanceClock(31_000);
    const second = await login();
    await expectLoggedIn(second.client, app.url, second.result);
    expect(idp.calls('jwks')).toHaveLength(2);
  });

  it('D10 unknown kid refetches are rate-limited: within 30 s of the last fetch, no refetch, rejected', async () => {
    const first = await login();
    await expectLoggedIn(first.client, app.url, first.result);
    await idp.rotateSigningKey({ publishOld: false });
    const second = await login();
    await expectRejectedLogin(second.client, app.url, second.result, 401);
    expect(idp.calls('jwks')).toHaveLength(1);
    expect(idp.calls('userinfo')).toHaveLength(1);
  });

  it.each([
    ['JSON', fault.json(500, { error: 'server_error' })],
    ['HTML', fault.html(500, '<h1>down</h1>')],
  ])('D10 JWKS answering 500 with %s fails closed (502), no userinfo call', async (_body, failure) => {
    idp.behave({ jwks: { fault: failure } });
    const { client, result } = await login();
    await expectRejectedLogin(client, app.url, result, 502);
    expect(idp.calls('jwks')).toHaveLength(1);
    expect(idp.calls('userinfo')).toEqual([]);
  });

  it('D10 a garbage JWKS (not a key set) fails closed (502)', async () => {
    for (const garbage of [fault.json(200, { keys: 'none' }), fault.json(200, []), fault.html(200, '<html>keys</html>')]) {
      idp.reset();
      idp.behave({ jwks: { fault: garbage } });
      const { client, result } = await login();
      await expectRejectedLogin(client, app.url, result, 502);
      expect(idp.calls('userinfo')).toEqual([]);
    }
  });

  it('D10 a stale JWKS cache is refreshed; an unreachable JWKS then fails closed', async () => {
    const first = await login();
    await expectLoggedIn(first.client, app.url, first.result);
    idp.behave({ jwks: { fault: fault.reset() } });
    advanceClock(11 * 60_000);
    const second = await login();
    await expectRejectedLogin(second.client, app.url, second.result, 502);
    expect(idp.calls('jwks')).toHaveLength(2);
  });
});
