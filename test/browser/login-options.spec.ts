import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startAppWithLocalIdp } from '../support/app.js';
import { launchChromium, newWatchedContext, watchPageProblems } from '../support/browser.js';
import { TEST_ACCOUNT } from '../support/login.js';

describe("Auth0's login options in a real browser (Chromium)", () => {
  let browser: Browser;
  let env: Awaited<ReturnType<typeof startAppWithLocalIdp>>;
  let context: BrowserContext;
  let page: Page;
  let problems: ReturnType<typeof watchPageProblems>;

  beforeAll(async () => {
    [browser, env] = await Promise.all([launchChromium(), startAppWithLocalIdp()]);
  });
  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  beforeEach(async () => {
    context = await newWatchedContext(browser);
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
    problems = watchPageProblems(page);
  });
  afterEach(async () => {
    await context.close();
  });

  const appUrl = (path: string): string => `${env.app.url}${path}`;

  it('the Sign up link (#qsSignupBtn) beside Log in lands on the sign-up screen; the new account comes back logged in', async () => {
    await page.goto(appUrl('/'));
    expect(await page.isVisible('#qsLoginBtn')).toBe(true);
    expect(await page.getAttribute('#qsSignupBtn', 'href')).toBe('/login?screen_hint=signup');

    await page.click('#qsSignupBtn');
    await page.waitForURL((url) => url.origin === env.idp.origin);
    expect(await page.textContent('h1')).toBe('Create your account');
    expect(await page.title()).toMatch(/^Create your account/);

    await page.fill('#name', 'Browser Newcomer');
    await page.fill('#email', `newcomer.${Date.now()}@example.com`);
    await page.fill('#password', 'a-long-password');
    await Promise.all([page.waitForURL(appUrl('/dashboard')), page.click('button.primary')]);
    expect(await page.textContent('.profile__name')).toBe('Browser Newcomer');
    expect(problems.take()).toEqual([]);
  });

  it('the security settings ask for the one-time code the sign-in page shows, then open', async () => {
    await page.goto(appUrl('/account/security'));
    await page.waitForURL((url) => url.origin === env.idp.origin);
    await page.fill('#email', TEST_ACCOUNT.email);
    await page.fill('#password', TEST_ACCOUNT.password);
    await page.click('button.primary');
    await page.waitForSelector('#code');
    expect(await page.textContent('h1')).toBe('Enter your one-time code');

    await page.fill('#code', (await page.textContent('#one-time-code strong')) ?? '');
    await Promise.all([page.waitForURL(appUrl('/account/security')), page.click('button.primary')]);
    expect(await page.textContent('#accountMethods')).toBe('pwd, mfa');
    expect(problems.take()).toEqual([]);
  });
});
