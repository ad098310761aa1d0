// Attack case J5: /login passes on an allow-list of Auth0's login parameters, each checked, and
// never lets the query set a parameter of the protocol itself.
import { describe, expect, it } from 'vitest';
import { MULTI_FACTOR_POLICY } from '../../../src/common/multi-factor-policy.js';
import { approveAtIdp, beginLogin, expectErrorPage, expectLoggedIn, expectNoSession, useAttackEnv } from '../../support/attack.js';
import { HttpClient } from '../../support/http-client.js';

// One value per allow-listed parameter, each one its check accepts.
const ALLOWED: Readonly<Record<string, string>> = {
  screen_hint: 'signup',
  login_hint: 'someone+tag@example.com',
  connection: 'google-oauth2',
  ui_locales: 'fr-CA en',
  prompt: 'login',
  max_age: '0',
  organization: 'org_abc123',
  invitation: 'Nzp9FDsDwYNE2l7a',
  acr_values: MULTI_FACTOR_POLICY,
};

// What the app itself always sends: nothing from the query may replace it.
const PROTOCOL = ['client_id', 'code_challenge', 'code_challenge_method', 'nonce', 'redirect_uri', 'response_type', 'scope', 'state'];

const RESERVED = [
  'client_id',
  'client_secret',
  'redirect_uri',
  'response_type',
  'response_mode',
  'scope',
  'audience',
  'resource',
  'state',
  'nonce',
  'code_challenge',
  'code_challenge_method',
  'code_verifier',
  'request',
  'request_uri',
  'claims',
  'id_token_hint',
];

const query = (parameters: Record<string, string>): string => `?${new URLSearchParams(parameters)}`;

describe('J5 login parameters', () => {
  const env = useAttackEnv();

  async function expectRefused(search: string): Promise<void> {
    const client = new HttpClient();
    const login = await client.get(`${env.app.url}/login${search}`);
    expectErrorPage(login, 400);
    expect(login.text).toContain('This login link is not valid');
    expect(env.idp.calls('authorize')).toEqual([]);
    await expectNoSession(client, env.app.url);
  }

  it('J5 every allow-listed parameter reaches /authorize exactly once, as sent, beside the protocol parameters', async () => {
    const { authorizeUrl } = await beginLogin(new HttpClient(), env.app.url, query({ ...ALLOWED, returnTo: '/dashboard' }));
    const sent = authorizeUrl.searchParams;
    for (const [name, value] of Object.entries(ALLOWED)) expect(sent.getAll(name), name).toEqual([value]);
    expect([...new Set(sent.keys())].sort()).toEqual([...Object.keys(ALLOWED), ...PROTOCOL].sort());
    expect([...sent.keys()]).toHaveLength(new Set(sent.keys()).size);
    expect(sent.get('client_id')).toBe(env.idp.clientId);
    expect(sent.get('redirect_uri')).toBe(env.app.config.auth0.callbackUrl);
    expect(sent.get('scope')).toBe(env.app.config.auth0.scope);
  });

  it('J5 a returnTo keeps working with every login parameter', async () => {
    const client = new HttpClient();
    const { authorizeUrl } = await beginLogin(client, env.app.url, query({ ...ALLOWED, max_age: '300', returnTo: '/dashboard?tab=profile' }));
    // An answer that meets what these parameters ask for: the organization, a fresh login, multi-factor.
    env.idp.behave({ idToken: { claims: { org_id: 'org_abc123', auth_time: Math.floor(Date.now() / 1000), amr: ['pwd', 'mfa'] } } });
    const callback = await client.get(await approveAtIdp(client, authorizeUrl));
    await expectLoggedIn(client, env.app.url, callback, '/dashboard?tab=profile');
  });

  it('J5 parameters outside the allow-list stay with the app, whatever their case: none reaches /authorize', async () => {
    const extra = { utm_source: 'newsletter', organization_name: 'Acme', connection_scope: 'repo', Screen_Hint: 'signup', PROMPT: 'none' };
    const { authorizeUrl } = await beginLogin(new HttpClient(), env.app.url, query(extra));
    for (const name of Object.keys(extra)) expect(authorizeUrl.searchParams.has(name), name).toBe(false);
    expect(authorizeUrl.searchParams.has('screen_hint')).toBe(false);
    expect(authorizeUrl.searchParams.has('prompt')).toBe(false);
  });

  it.each(RESERVED)('J5 ?%s= is refused: the query never sets a protocol parameter (400, no /authorize)', async (name) => {
    await expectRefused(query({ [name]: 'attacker-value' }));
  });

  it.each(RESERVED.map((name) => name.toUpperCase()))('J5 ?%s= (a reserved parameter in capitals) is refused too', async (name) => {
    await expectRefused(query({ [name]: 'attacker-value' }));
  });

  it.each([
    ['Client_ID', '?Client_ID=attacker'],
    ['SCOPE', '?SCOPE=openid%20offline_access'],
    ['Redirect_Uri', '?Redirect_Uri=https%3A%2F%2Fevil.test%2Fcallback'],
    ['State', '?State=attacker-state'],
    ['scope twice', '?scope=openid&scope=offline_access'],
    ['nonce twice', '?nonce=a&nonce=b'],
    ['client_id beside allowed parameters', '?screen_hint=signup&client_id=attacker&returnTo=%2Fdashboard'],
  ])('J5 a reserved parameter in another case or repeated is refused too (%s)', async (_label, search) => {
    await expectRefused(search);
  });

  it.each([
    ['prompt=none (silent login)', '?prompt=none'],
    ['prompt=select_account', '?prompt=select_account'],
    ['prompt=login consent', '?prompt=login%20consent'],
    ['screen_hint outside its list', '?screen_hint=register'],
    ['max_age negative', '?max_age=-1'],
    ['max_age not whole', '?max_age=1.5'],
    ['max_age not a number', '?max_age=soon'],
    ['max_age of 10 digits', '?max_age=1234567890'],
    ['login_hint over 254 characters', `?login_hint=${'a'.repeat(255)}`],
    ['login_hint with a line break', '?login_hint=a%0Ab'],
    ['connection with a space', '?connection=google%20oauth2'],
    ['connection over 128 characters', `?connection=${'a'.repeat(129)}`],
    ['ui_locales with markup', '?ui_locales=%3Cscript%3E'],
    ['organization with a slash', '?organization=org_a%2Fb'],
    ['invitation with a dot', '?invitation=..%2Fx'],
    ['acr_values other than multi-factor', '?acr_values=urn%3Aweak'],
    ['a repeated allowed parameter', '?prompt=login&prompt=consent'],
    ['an empty allowed parameter', '?login_hint='],
  ])('J5 a value its check refuses is a 400 (%s)', async (_label, search) => {
    await expectRefused(search);
  });

  it('J5 a refused value is never reflected: the error page is generic and escaped', async () => {
    const login = await new HttpClient().get(`${env.app.url}/login?ui_locales=%3Cscript%3Ealert(1)%3C%2Fscript%3E`);
    expectErrorPage(login, 400);
    expect(login.text).not.toContain('alert(1)');
  });
});
