import { createHash, createPublicKey, randomBytes } from 'node:crypto';
import { get as httpsGet } from 'node:https';
import { createServer } from 'node:net';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  EmbeddedJWK,
  importX509,
  type JSONWebKeySet,
  jwtVerify,
} from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  clientCredentialsIn,
  DEFAULT_ACCOUNT,
  fault,
  type HostileIdp,
  startHostileIdp,
  type TokenResponse,
  XSS_CLAIMS,
} from '../../support/hostile-idp/index.js';
import { freePort } from '../../support/ports.js';
import { createSelfSignedCertificate } from '../../support/tls.js';

const REDIRECT_URI = 'https://app.test/callback';

interface Login {
  code: string;
  state: string;
  nonce: string;
  verifier: string;
  location: URL;
}

async function startLogin(idp: HostileIdp, overrides: Record<string, string> = {}): Promise<Login> {
  const state = randomBytes(16).toString('base64url');
  const nonce = randomBytes(16).toString('base64url');
  const verifier = randomBytes(32).toString('base64url');
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: idp.clientId,
    redirect_uri: REDIRECT_URI,
    scope: 'openid profile email',
    state,
    nonce,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    ...overrides,
  });
  const response = await fetch(`${idp.origin}/authorize?${query}`, { redirect: 'manual' });
  expect(response.status).toBe(302);
  const location = new URL(response.headers.get('location') ?? '');
  return { code: location.searchParams.get('code') ?? '', state, nonce, verifier, location };
}

function redeem(idp: HostileIdp, login: Login, overrides: Record<string, string> = {}, headers: Record<string, string> = {}): Promise<Response> {
  const form = new URLSearchParams({
    grant_type: 'authorization_code',
    code: login.code,
    redirect_uri: REDIRECT_URI,
    client_id: idp.clientId,
    client_secret: idp.clientSecret,
    code_verifier: login.verifier,
    ...overrides,
  });
  return fetch(`${idp.origin}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: form,
  });
}

async function tokenSet(idp: HostileIdp): Promise<TokenResponse> {
  const response = await redeem(idp, await startLogin(idp));
  expect(response.status).toBe(200);
  return (await response.json()) as TokenResponse;
}

async function publishedKeys(idp: HostileIdp): Promise<JSONWebKeySet> {
  return (await (await fetch(`${idp.origin}/.well-known/jwks.json`)).json()) as JSONWebKeySet;
}

describe('hostile IdP', () => {
  let idp: HostileIdp;

  beforeAll(async () => {
    idp = await startHostileIdp({ clientId: 'app-client', clientSecret: 's3cret' });
  });
  afterEach(() => idp.reset());
  afterAll(() => idp.close());

  describe('by default, behaves like Auth0', () => {
    it('redirects /authorize to redirect_uri with a code and the same state', async () => {
      const login = await startLogin(idp);
      expect(login.location.origin + login.location.pathname).toBe(REDIRECT_URI);
      expect(login.location.searchParams.get('state')).toBe(login.state);
      expect(login.code).not.toBe('');
      expect(idp.lastAuthorize()).toMatchObject({ nonce: login.nonce, codeChallengeMethod: 'S256', clientId: 'app-client' });
    });

    it('issues a token set whose ID token verifies against its JWKS and carries the nonce', async () => {
      const login = await startLogin(idp);
      const response = await redeem(idp, login);
      expect(response.headers.get('cache-control')).toBe('no-store');
      const tokens = (await response.json()) as TokenResponse;
      expect(tokens).toMatchObject({ token_type: 'Bearer', scope: 'openid profile email' });
      expect(tokens.access_token).toEqual(expect.any(String));

      const jwks = createRemoteJWKSet(new URL(`${idp.origin}/.well-known/jwks.json`));
      const { payload, protectedHeader } = await jwtVerify(tokens.id_token ?? '', jwks, {
        issuer: idp.issuer,
        audience: 'app-client',
        algorithms: ['RS256'],
      });
      expect(idp.issuer).toBe(`${idp.origin}/`);
      expect(protectedHeader.kid).toEqual(expect.any(String));
      expect(payload).toMatchObject({ ...DEFAULT_ACCOUNT, nonce: login.nonce });
      expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(300);
    });

    it('serves the same profile at /userinfo for a Bearer token, and refuses an unknown token', async () => {
      const { access_token } = await tokenSet(idp);
      const ok = await fetch(`${idp.origin}/userinfo`, { headers: { authorization: `Bearer ${access_token}` } });
      expect(await ok.json()).toEqual(DEFAULT_ACCOUNT);

      const refused = await fetch(`${idp.origin}/userinfo`, { headers: { authorization: 'Bearer nope' } });
      expect(refused.status).toBe(401);
      expect(refused.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    });

    it('publishes Auth0-shaped discovery and logs out to returnTo', async () => {
      const discovery = (await (await fetch(`${idp.origin}/.well-known/openid-configuration`)).json()) as Record<string, string>;
      expect(discovery.issuer).toBe(idp.issuer);
      expect(discovery.token_endpoint).toBe(`${idp.origin}/oauth/token`);

      const logout = await fetch(`${idp.origin}/v2/logout?returnTo=${encodeURIComponent('https://app.test/')}`, {
        redirect: 'manual',
      });
      expect(logout.status).toBe(302);
      expect(logout.headers.get('location')).toBe('https://app.test/');
    });
  });

  describe('token endpoint rules', () => {
    it('accepts a code once; the second use gets invalid_grant', async () => {
      const login = await startLogin(idp);
      expect((await redeem(idp, login)).status).toBe(200);
      const replay = await redeem(idp, login);
      expect(replay.status).toBe(400);
      expect(await replay.json()).toMatchObject({ error: 'invalid_grant' });
    });

    it('rejects a wrong or missing PKCE verifier', async () => {
      const wrong = await redeem(idp, await startLogin(idp), { code_verifier: randomBytes(32).toString('base64url') });
      expect(await wrong.json()).toMatchObject({ error: 'invalid_grant', error_description: 'PKCE verification failed' });

      const form = { grant_type: 'authorization_code', redirect_uri: REDIRECT_URI };
      const login = await startLogin(idp);
      const missing = await fetch(`${idp.origin}/oauth/token`, {
        method: 'POST',
        body: new URLSearchParams({ ...form, code: login.code, client_id: idp.clientId, client_secret: idp.clientSecret }),
      });
      expect(missing.status).toBe(400);
      expect(await missing.json()).toMatchObject({ error: 'invalid_grant' });
    });

    it('rejects a redirect_uri that differs from the authorize one', async () => {
      const response = await redeem(idp, await startLogin(idp), { redirect_uri: 'https://evil.test/callback' });
      expect(await response.json()).toMatchObject({ error: 'invalid_grant', error_description: 'redirect_uri mismatch' });
    });

    it('rejects a wrong secret and credentials sent by two methods', async () => {
      const wrong = await redeem(idp, await startLogin(idp), { client_secret: 'guess' });
      expect(wrong.status).toBe(401);

      const basic = Buffer.from(`${idp.clientId}:${idp.clientSecret}`).toString('base64');
      const login = await startLogin(idp);
      const twice = await redeem(idp, login, {}, { authorization: `Basic ${basic}` });
      expect(twice.status).toBe(400);
      expect(clientCredentialsIn(idp.lastCall('token')).map((c) => c.method)).toEqual(['client_secret_basic', 'client_secret_post']);
    });
  });

  describe('observations', () => {
    it('records each request with query, headers and form body in arrival order', async () => {
      const { access_token } = await tokenSet(idp);
      await fetch(`${idp.origin}/userinfo`, { headers: { authorization: `Bearer ${access_token}` } });

      const [authorize] = idp.calls('authorize');
      const [token] = idp.calls('token');
      const [userinfo] = idp.calls('userinfo');
      expect(authorize.seq < token.seq && token.seq < userinfo.seq).toBe(true);
      expect(token.method).toBe('POST');
      expect(token.body.get('redirect_uri')).toBe(authorize.query.get('redirect_uri'));
      expect(token.body.getAll('code_verifier')).toHaveLength(1);
      expect(clientCredentialsIn(token)).toEqual([{ method: 'client_secret_post', clientId: 'app-client', clientSecret: 's3cret' }]);
      expect(userinfo.headers.authorization).toBe(`Bearer ${access_token}`);
      expect(userinfo.query.has('access_token')).toBe(false);
    });

    it('keeps repeated parameters and forgets everything on reset()', async () => {
      await fetch(`${idp.origin}/userinfo?access_token=a&access_token=b`);
      expect(idp.lastCall('userinfo').query.getAll('access_token')).toEqual(['a', 'b']);
      idp.reset();
      expect(idp.calls('userinfo')).toEqual([]);
      expect(() => idp.lastCall('userinfo')).toThrow(/no userinfo request/);
    });
  });

  describe('ID token misbehaviour', () => {
    it('overrides and removes claims', async () => {
      idp.behave({ idToken: { claims: { iss: 'https://evil.test/', aud: ['app-client', 'other'], sub: 42 }, omitClaims: ['nonce', 'iat'] } });
      const claims = decodeJwt((await tokenSet(idp)).id_token ?? '');
      expect(claims).toMatchObject({ iss: 'https://evil.test/', aud: ['app-client', 'other'], sub: 42 });
      expect(claims).not.toHaveProperty('nonce');
      expect(claims).not.toHaveProperty('iat');
    });

    it('alg none: header says none and the signature is empty', async () => {
      idp.behave({ idToken: { signing: 'none' } });
      const idToken = (await tokenSet(idp)).id_token ?? '';
      expect(decodeProtectedHeader(idToken).alg).toBe('none');
      expect(idToken.split('.')).toHaveLength(3);
      expect(idToken.endsWith('.')).toBe(true);
    });

    it('HS256 tokens carry a real MAC under the client secret or the public key PEM', async () => {
      const bySecret = await idp.mintIdToken({ signing: 'hs256-client-secret' });
      await expect(jwtVerify(bySecret, new TextEncoder().encode('s3cret'))).resolves.toBeDefined();

      idp.behave({ idToken: { signing: 'hs256-public-key-pem' } });
      const [jwk] = (await publishedKeys(idp)).keys;
      const pem = createPublicKey({ key: { ...jwk }, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
      const byPem = (await tokenSet(idp)).id_token ?? '';
      expect(decodeProtectedHeader(byPem)).toMatchObject({ alg: 'HS256', kid: jwk.kid });
      await expect(jwtVerify(byPem, new TextEncoder().encode(pem.toString()))).resolves.toBeDefined();
    });

    it('a flipped signature, an ES256 foreign key and an unknown kid fail against the JWKS', async () => {
      const jwks = createLocalJWKSet(await publishedKeys(idp));
      const flipped = await idp.mintIdToken({ corruption: 'flip-signature' });
      await expect(jwtVerify(flipped, jwks)).rejects.toMatchObject({ code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });

      const foreign = await idp.mintIdToken({ signing: 'es256-foreign-key' });
      expect(decodeProtectedHeader(foreign).alg).toBe('ES256');
      await expect(jwtVerify(foreign, jwks)).rejects.toThrow();

      const unknownKid = await idp.mintIdToken({ header: { kid: 'unknown' } });
      await expect(jwtVerify(unknownKid, jwks)).rejects.toMatchObject({ code: 'ERR_JWKS_NO_MATCHING_KEY' });
      expect(decodeProtectedHeader(await idp.mintIdToken({ omitHeader: ['kid'] }))).not.toHaveProperty('kid');
    });

    it('jku points at an attacker JWKS that really verifies the token, the real one does not', async () => {
      const forged = await idp.mintIdToken({ signing: 'attacker-jku', claims: { nonce: 'n' } });
      const { jku } = decodeProtectedHeader(forged);
      expect(jku).toBe(`${idp.origin}/attacker/jwks.json`);
      await expect(jwtVerify(forged, createRemoteJWKSet(new URL(jku ?? '')))).resolves.toBeDefined();
      await expect(jwtVerify(forged, createLocalJWKSet(await publishedKeys(idp)))).rejects.toThrow();
      expect(idp.calls('attacker')).toHaveLength(1);
    });

    it('jwk and x5u headers carry or point at the attacker key that signed the token', async () => {
      const embedded = await idp.mintIdToken({ signing: 'attacker-jwk' });
      await expect(jwtVerify(embedded, EmbeddedJWK)).resolves.toBeDefined();

      const pointed = await idp.mintIdToken({ signing: 'attacker-x5u' });
      const certificate = await (await fetch(decodeProtectedHeader(pointed).x5u ?? '')).text();
      await expect(jwtVerify(pointed, await importX509(certificate, 'RS256'))).resolves.toBeDefined();
    });

    it('malformed shapes', async () => {
      expect((await idp.mintIdToken({ corruption: 'two-segments' })).split('.')).toHaveLength(2);
      const notJson = await idp.mintIdToken({ corruption: 'payload-not-json' });
      expect(Buffer.from(notJson.split('.')[1], 'base64url').toString()).toBe('this is not JSON');
      expect(await idp.mintIdToken({ corruption: 'bad-base64url' })).toMatch(/[*%!]/);
    });

    it('omits the id_token when the scope lacks openid, or when the token body says so', async () => {
      const withoutOpenid = await redeem(idp, await startLogin(idp, { scope: 'profile' }));
      expect(await withoutOpenid.json()).not.toHaveProperty('id_token');

      idp.behave({ token: { body: ({ id_token: _dropped, ...rest }) => rest } });
      expect(await tokenSet(idp)).not.toHaveProperty('id_token');
    });

    it('rotates the signing key and reset() restores the original', async () => {
      const [original] = (await publishedKeys(idp)).keys;
      await idp.rotateSigningKey({ publishOld: true });
      const both = (await publishedKeys(idp)).keys;
      expect(both.map((k) => k.kid)).toEqual([original.kid, expect.any(String)]);
      expect(decodeProtectedHeader(await idp.mintIdToken()).kid).toBe(both[1].kid);

      await idp.rotateSigningKey({ publishOld: false });
      expect((await publishedKeys(idp)).keys).toHaveLength(1);

      idp.reset();
      expect((await publishedKeys(idp)).keys).toEqual([original]);
    });
  });

  describe('endpoint faults', () => {
    it('replaces status, body and content-type', async () => {
      idp.behave({ token: { fault: fault.html(503, '<h1>down</h1>') } });
      const response = await redeem(idp, await startLogin(idp));
      expect(response.status).toBe(503);
      expect(response.headers.get('content-type')).toContain('text/html');
      expect(await response.text()).toBe('<h1>down</h1>');
    });

    it('redirects from the token endpoint', async () => {
      idp.behave({ token: { fault: fault.redirect(302, 'https://evil.test/') } });
      const response = await fetch(`${idp.origin}/oauth/token`, { method: 'POST', redirect: 'manual' });
      expect(response.status).toBe(302);
      expect(response.headers.get('location')).toBe('https://evil.test/');
    });

    it('resets the connection', async () => {
      idp.behave({ token: { fault: fault.reset() } });
      await expect(redeem(idp, await startLogin(idp))).rejects.toThrow(/fetch failed/);
    });

    it('drips the normal body one byte at a time', async () => {
      idp.behave({ jwks: { fault: fault.drip(20, '{"keys":[]}') } });
      const started = Date.now();
      expect(await (await fetch(`${idp.origin}/.well-known/jwks.json`)).text()).toBe('{"keys":[]}');
      expect(Date.now() - started).toBeGreaterThanOrEqual(11 * 20 - 20);
    });

    it('streams a huge body', async () => {
      idp.behave({ userinfo: { fault: fault.huge(5 * 1024 * 1024) } });
      const body = await (await fetch(`${idp.origin}/userinfo`)).text();
      expect(body.length).toBeGreaterThan(5 * 1024 * 1024);
      expect(JSON.parse(body)).toHaveProperty('padding');
    });

    it('reshapes userinfo and puts the account profile in both the ID token and userinfo', async () => {
      idp.behave({ account: XSS_CLAIMS, userinfo: { body: (claims) => ({ ...claims, sub: 'foobar' }) } });
      const tokens = await tokenSet(idp);
      expect(decodeJwt(tokens.id_token ?? '')).toMatchObject({ ...XSS_CLAIMS, sub: DEFAULT_ACCOUNT.sub });
      const userinfo = await fetch(`${idp.origin}/userinfo`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
      expect(await userinfo.json()).toMatchObject({ ...XSS_CLAIMS, sub: 'foobar' });
    });

    it('answers /authorize with an error redirect when told to', async () => {
      idp.behave({ authorize: () => ({ error: 'access_denied', errorDescription: '<script>alert(1)</script>' }) });
      const login = await startLogin(idp);
      expect(login.code).toBe('');
      expect(login.location.searchParams.get('error')).toBe('access_denied');
      expect(login.location.searchParams.get('error_description')).toBe('<script>alert(1)</script>');
      expect(login.location.searchParams.get('state')).toBe(login.state);
    });

    it('counts JWKS fetches and fails them on request', async () => {
      idp.behave({ jwks: { fault: fault.json(500, { error: 'boom' }) } });
      expect((await fetch(`${idp.origin}/.well-known/jwks.json`)).status).toBe(500);
      await fetch(`${idp.origin}/.well-known/jwks.json`);
      expect(idp.calls('jwks')).toHaveLength(2);
    });
  });
});

describe('hostile IdP lifecycle', () => {
  it('close() tears down a hanging request', async () => {
    const idp = await startHostileIdp();
    idp.behave({ token: { fault: fault.hang() } });
    const pending = fetch(`${idp.origin}/oauth/token`, { method: 'POST', body: 'x=1' });
    const outcome = pending.then(
      () => 'answered',
      () => 'torn down',
    );
    await expect.poll(() => idp.calls('token').length).toBe(1);
    const started = Date.now();
    await idp.close();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await outcome).toBe('torn down');
  });

  it('serves https with a self-signed certificate', async () => {
    const { key, cert } = createSelfSignedCertificate();
    const idp = await startHostileIdp({ tls: { key, cert } });
    try {
      expect(idp.origin).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const body = await new Promise<string>((resolve, reject) => {
        httpsGet(`${idp.origin}/.well-known/openid-configuration`, { ca: cert }, (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => resolve(text));
        }).on('error', reject);
      });
      expect(JSON.parse(body)).toMatchObject({ issuer: `${idp.origin}/` });
    } finally {
      await idp.close();
    }
  });

  it('freePort returns a port that can be listened on', async () => {
    const port = await freePort();
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(port).toBeGreaterThan(0);
  });
});

describe('hostile IdP refresh tokens', () => {
  let idp: HostileIdp;

  beforeAll(async () => {
    idp = await startHostileIdp({ clientId: 'app-client', clientSecret: 's3cret' });
  });
  afterEach(() => idp.reset());
  afterAll(() => idp.close());

  function refresh(refreshToken: string | undefined): Promise<Response> {
    const form = new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: refreshToken ?? '',
      client_id: idp.clientId,
      client_secret: idp.clientSecret,
    });
    return fetch(`${idp.origin}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form });
  }

  async function offlineTokens(overrides: Record<string, string> = {}): Promise<TokenResponse> {
    const response = await redeem(idp, await startLogin(idp, { scope: 'openid offline_access', ...overrides }));
    return (await response.json()) as TokenResponse;
  }

  it('issues a refresh token for offline_access, rotates it, and a reused one revokes the family (Auth0 rotation)', async () => {
    const first = await offlineTokens();
    const rotated = (await (await refresh(first.refresh_token)).json()) as TokenResponse;
    expect(rotated.refresh_token).toEqual(expect.any(String));
    expect(rotated.refresh_token).not.toBe(first.refresh_token);
    const reused = await refresh(first.refresh_token);
    expect(reused.status).toBe(403);
    expect(await reused.json()).toMatchObject({ error: 'invalid_grant' });
    expect((await refresh(rotated.refresh_token)).status, 'the family is revoked').toBe(403);
    expect(idp.refreshCalls()).toHaveLength(3);
  });

  it('issues an RS256 JWT access token for the audience, with planned claims; opaque without an audience', async () => {
    idp.behave({ accessToken: { claims: { permissions: ['read:x'] } } });
    const tokens = await offlineTokens({ audience: 'https://api.test/' });
    const { payload } = await jwtVerify(tokens.access_token, createRemoteJWKSet(new URL(`${idp.origin}/.well-known/jwks.json`)), {
      issuer: idp.issuer,
      audience: 'https://api.test/',
    });
    expect(payload.permissions).toEqual(['read:x']);
    expect((await offlineTokens()).access_token.split('.')).toHaveLength(1);
  });
});
