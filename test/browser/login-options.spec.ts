import { describe, expect, it } from 'vitest';
import { useBrowserWithApp } from '../support/browser-suite.js';
import { TEST_ACCOUNT } from '../support/login.js';

describe("Auth0's login options in a real browser (Chromium)", () => {
  const suite = useBrowserWithApp();

  it('the Sign up link (#qsSignupBtn) beside Log in lands on the sign-up screen; the new account comes back logged in', async () => {
    await suite.page.goto(suite.appUrl('/'));
    expect(await suite.page.isVisible('#qsLoginBtn')).toBe(true);
    expect(await suite.page.getAttribute('#qsSignupBtn', 'href')).toBe('/login?screen_hint=signup');

    await suite.page.click('#qsSignupBtn');
    await suite.page.waitForURL((url) => url.origin === suite.env.idp.origin);
    expect(await suite.page.textContent('h1')).toBe('Create your account');
    expect(await suite.page.title()).toMatch(/^Create your account/);

    await suite.page.fill('#name', 'Browser Newcomer');
    await suite.page.fill('#email', `newcomer.${Date.now()}@example.com`);
    await suite.page.fill('#password', 'a-long-password');
    await Promise.all([suite.page.waitForURL(suite.appUrl('/dashboard')), suite.page.click('button.primary')]);
    expect(await suite.page.textContent('.profile__name')).toBe('Browser Newcomer');
    expect(suite.problems.take()).toEqual([]);
  });

  it('the security settings ask for the one-time code the sign-in page shows, then open', async () => {
    await suite.page.goto(suite.appUrl('/account/security'));
    await suite.page.waitForURL((url) => url.origin === suite.env.idp.origin);
    await suite.page.fill('#email', TEST_ACCOUNT.email);
    await suite.page.fill('#password', TEST_ACCOUNT.password);
    await suite.page.click('button.primary');
    await suite.page.waitForSelector('#code');
    expect(await suite.page.textContent('h1')).toBe('Enter your one-time code');

    await suite.page.fill('#code', (await suite.page.textContent('#one-time-code strong')) ?? '');
    await Promise.all([suite.page.waitForURL(suite.appUrl('/account/security')), suite.page.click('button.primary')]);
    expect(await suite.page.textContent('#accountMethods')).toBe('pwd, mfa');
    expect(suite.problems.take()).toEqual([]);
  });
});
