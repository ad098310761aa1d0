import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startAppWithLocalIdp } from '../support/app.js';
import { launchChromium, newWatchedContext, watchPageProblems } from '../support/browser.js';
import { ADMIN_ACCOUNT, TEST_ACCOUNT } from '../support/login.js';

// axe-core and the 360 px check of both pages are in pages.spec.ts (APP_PAGES).
describe('the 403 page and the admin page in a real browser (Chromium)', () => {
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

  /** Opens /admin, signs in on the local sign-in page as `account`, and lands back on /admin. */
  async function openAdminAs(account: typeof TEST_ACCOUNT): Promise<number | undefined> {
    await page.goto(appUrl('/admin'));
    await page.waitForURL((url) => url.origin === env.idp.origin);
    await page.fill('#email', account.email);
    await page.fill('#password', account.password);
    const answer = page.waitForResponse((response) => response.url() === appUrl('/admin'));
    await page.click('button[type="submit"].primary');
    await page.waitForURL(appUrl('/admin'));
    return (await answer).status();
  }

  it('a user without the role gets a 403 page that names the account and logs out from it', async () => {
    expect(await openAdminAs(TEST_ACCOUNT)).toBe(403);
    expect(await page.textContent('h1')).toBe('You don’t have access to this page');
    expect(await page.textContent('main')).toContain('You are logged in as Test User (user@example.com).');

    // Chromium reports the page's own 403 on the console; that status is the point of this page.
    expect(problems.take()).toEqual([
      `console error on ${appUrl('/admin')}: Failed to load resource: the server responded with a status of 403 (Forbidden)`,
    ]);

    await page.click('#accessDeniedLogoutBtn');
    await page.waitForURL(appUrl('/'));
    await expect.poll(() => page.isVisible('#qsLoginBtn')).toBe(true);
    expect(problems.take()).toEqual([]);
  });

  it('an admin gets the admin page with the Admin link current', async () => {
    expect(await openAdminAs(ADMIN_ACCOUNT)).toBe(200);
    expect(await page.textContent('.site-nav [aria-current="page"]')).toBe('Admin');
    expect(problems.take()).toEqual([]);
  });
});
