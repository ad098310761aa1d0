import { describe, expect, it } from 'vitest';
import { isRegisteredLogoutUrl } from '../../../src/local-idp/auth0-logout.js';
import { avatarDataUri } from '../../../src/local-idp/avatar.js';
import { renderLoginPage } from '../../../src/local-idp/login-page.js';
import { renderOneTimeCodePage } from '../../../src/local-idp/one-time-code-page.js';
import { escapeHtml } from '../../../src/local-idp/page-layout.js';
import { audienceAsResource, impliedConsentForOfflineAccess } from '../../../src/local-idp/request-router.js';
import { matchInteractionPath } from '../../../src/local-idp/routes.js';
import { renderSignupPage } from '../../../src/local-idp/signup-page.js';

function decodeSvg(dataUri: string): string {
  expect(dataUri).toMatch(/^data:image\/svg\+xml;base64,/);
  return Buffer.from(dataUri.split(',')[1], 'base64').toString('utf8');
}

describe('local sign-in server pages and rules', () => {
  it('draws initials on a colour chosen by the seed', () => {
    expect(decodeSvg(avatarDataUri('Test User', 'auth0|a'))).toContain('>TU</text>');
    expect(decodeSvg(avatarDataUri('madonna', 'auth0|a'))).toContain('>M</text>');
    expect(decodeSvg(avatarDataUri('<b> &', 'auth0|a'))).toContain('>&#60;&#38;</text>');
    expect(avatarDataUri('Test User', 'auth0|a')).toBe(avatarDataUri('Test User', 'auth0|a'));
  });

  it('escapes HTML metacharacters', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&\``)).toBe('&#60;a href=&#34;x&#34; onclick=&#39;y&#39;&#62;&#38;&#96;');
  });

  it('escapes every dynamic value of the login page', () => {
    const html = renderLoginPage({
      interactionUid: 'uid',
      clientId: '<client>',
      email: '"><img src=x>',
      error: '<b>refused</b>',
      testAccounts: [{ email: '<e>', password: '<pw>' }],
    });
    expect(html).not.toMatch(/<client>|<img|<e>|<pw>|<b>refused/);
    expect(html).toContain('role="alert"');
  });

  it('lists every test account with its password and roles ("none" without any)', () => {
    const html = renderLoginPage({
      interactionUid: 'uid',
      clientId: 'client',
      email: '',
      testAccounts: [
        { email: 'user@example.com', password: 'pw1' },
        { email: 'admin@example.com', password: 'pw2', roles: ['admin', 'auditor'] },
      ],
    });
    const accounts = html.slice(html.indexOf('<section class="accounts"'));
    const items = accounts.split('<li>').slice(1);
    expect(items).toHaveLength(2);
    expect(items[0]).toContain('<code>user@example.com</code>');
    expect(items[0]).toContain('<code>pw1</code>');
    expect(items[0]).toContain('<dt>Roles</dt><dd><span class="none">none</span></dd>');
    expect(items[1]).toContain('<dd><span class="chip">admin</span><span class="chip">auditor</span></dd>');
  });

  it('puts the wrong-password error right under the password field, described by both fields, and focuses the password', () => {
    const model = { interactionUid: 'uid', clientId: 'client', email: 'user@example.com', testAccounts: [] };
    const failed = renderLoginPage({ ...model, error: 'Wrong email or password.' });
    const passwordField = /<input id="password"[^>]*>/.exec(failed)?.[0] ?? '';
    const emailField = /<input id="email"[^>]*>/.exec(failed)?.[0] ?? '';
    expect(failed.slice(failed.indexOf(passwordField) + passwordField.length).trimStart()).toMatch(/^<p id="login-error"[^>]*role="alert"/);
    expect(passwordField).toContain('aria-describedby="login-error"');
    expect(emailField).toContain('aria-describedby="login-error"');
    expect(passwordField).toContain(' autofocus');
    expect(emailField).not.toContain(' autofocus');

    const fresh = renderLoginPage(model);
    expect(fresh).not.toContain('login-error');
    expect(/<input id="email"[^>]*>/.exec(fresh)?.[0]).toContain(' autofocus');
  });

  it('escapes every dynamic value of the sign-up and one-time code pages', () => {
    const context = { interactionUid: 'uid', clientId: '<client>', organization: '<org>', invited: true };
    const signup = renderSignupPage({ ...context, name: '<name>', email: '"><img src=x>', error: '<b>taken</b>' });
    expect(signup).toContain('<h1>Create your account</h1>');
    expect(signup).not.toMatch(/<client>|<org>|<name>|<img|<b>taken/);
    const code = renderOneTimeCodePage({ ...context, code: '<123456>', error: '<b>wrong</b>' });
    expect(code).not.toMatch(/<client>|<org>|<123456>|<b>wrong/);
    expect(code).toContain('role="alert"');
  });

  it('matches only the interaction paths it serves', () => {
    expect(matchInteractionPath('/interaction/abc_-1')).toEqual({ uid: 'abc_-1', action: 'show' });
    expect(matchInteractionPath('/interaction/abc/login')).toEqual({ uid: 'abc', action: 'login' });
    expect(matchInteractionPath('/interaction/abc/abort')).toEqual({ uid: 'abc', action: 'abort' });
    expect(matchInteractionPath('/interaction/abc/signup')).toEqual({ uid: 'abc', action: 'signup' });
    expect(matchInteractionPath('/interaction/abc/mfa')).toEqual({ uid: 'abc', action: 'mfa' });
    expect(matchInteractionPath('/interaction/abc/show')).toBeUndefined();
    expect(matchInteractionPath('/interaction/abc/other')).toBeUndefined();
    expect(matchInteractionPath('/interaction/a%2Fb')).toBeUndefined();
    expect(matchInteractionPath('/interaction/')).toBeUndefined();
  });

  it('adds prompt=consent only to offline_access requests that have no prompt', () => {
    const offline = impliedConsentForOfflineAccess(new URL('http://idp/authorize?scope=openid%20offline_access'));
    expect(offline?.searchParams.get('prompt')).toBe('consent');
    expect(impliedConsentForOfflineAccess(new URL('http://idp/authorize?scope=openid'))).toBeUndefined();
    expect(impliedConsentForOfflineAccess(new URL('http://idp/authorize?scope=openid%20offline_access&prompt=login'))).toBeUndefined();
  });

  it("passes Auth0's audience on as the resource indicator (RFC 8707), leaving an explicit resource alone", () => {
    const mapped = audienceAsResource(new URL('http://idp/authorize?scope=openid&audience=https%3A%2F%2Fapi.test%2F'));
    expect(mapped.searchParams.get('resource')).toBe('https://api.test/');
    expect(mapped.searchParams.has('audience')).toBe(false);
    const explicit = new URL('http://idp/authorize?audience=https%3A%2F%2Fa.test%2F&resource=https%3A%2F%2Fb.test%2F');
    expect(audienceAsResource(explicit)).toBe(explicit);
  });

  it('accepts a logout returnTo only when that client registered it exactly', () => {
    const client = { clientId: 'c', clientSecret: 's', redirectUris: [], postLogoutRedirectUris: ['http://app.test/'] };
    expect(isRegisteredLogoutUrl(client, 'http://app.test/')).toBe(true);
    expect(isRegisteredLogoutUrl(client, 'http://app.test')).toBe(false);
    expect(isRegisteredLogoutUrl(client, 'http://app.test/?next=https://evil.test')).toBe(false);
    expect(isRegisteredLogoutUrl(undefined, 'http://app.test/')).toBe(false);
  });
});
