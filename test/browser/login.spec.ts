import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startAppWithLocalIdp } from '../support/app.js';
import {
  auditAccessibility,
  type AxeViolation,
  describeViolations,
  launchChromium,
  newWatchedContext,
  watchPageProblems,
} from '../support/browser.js';
import { TEST_ACCOUNT } from '../support/login.js';

const TEST_USER_NAME = 'Test User';

describe('login in a real browser (Chromium)', () => {
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

  /** From the app's /login to the local sign-in page, then signed in and back on the dashboard. */
  async function signInFromHome(): Promise<void> {
    await page.goto(appUrl('/'));
    await page.click('#qsLoginBtn');
    await page.waitForURL((url) => url.origin === env.idp.origin);
    await page.fill('#email', TEST_ACCOUNT.email);
    await page.fill('#password', TEST_ACCOUNT.password);
    await page.click('button[type="submit"].primary');
    await page.waitForURL(appUrl('/dashboard'));
  }

  it('clicks #qsLoginBtn, signs in, sees the dashboard, clicks #qsLogoutBtn, and the dashboard is gone', async () => {
    await page.goto(appUrl('/'));
    await expect.poll(() => page.isVisible('#qsLoginBtn')).toBe(true);

    await page.click('#qsLoginBtn');
    await page.waitForURL((url) => url.origin === env.idp.origin);
    expect(await page.isVisible('#email')).toBe(true);
    await page.fill('#email', TEST_ACCOUNT.email);
    await page.fill('#password', TEST_ACCOUNT.password);
    await page.click('button[type="submit"].primary');

    await page.waitForURL(appUrl('/dashboard'));
    expect(await page.textContent('.profile__name')).toBe(TEST_USER_NAME);
    expect(await page.textContent('.profile__email')).toBe(TEST_ACCOUNT.email);
    // The local IdP always sends a data: picture, so the avatar is an image, never the initials fallback.
    const avatar = page.locator('.profile__identity .avatar');
    expect(await avatar.evaluate((element) => (element as unknown as { tagName: string }).tagName)).toBe('IMG');
    expect(await avatar.getAttribute('alt')).toBe(`Profile picture of ${TEST_USER_NAME}`);
    expect(await avatar.getAttribute('src')).toMatch(/^data:image\//);
    // The picture must actually render (not blocked by CSP, not a broken URL).
    expect(await avatar.evaluate((image) => (image as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);

    await page.click('#qsLogoutBtn');
    await page.waitForURL(appUrl('/'));
    await expect.poll(() => page.isVisible('#qsLoginBtn')).toBe(true);
    expect(await page.isVisible('#qsLogoutBtn')).toBe(false);

    // Back to the dashboard's history entry: it must be fetched again (no-store), not shown from cache.
    await page.goBack();
    await page.waitForLoadState('load');
    expect(page.url()).not.toBe(appUrl('/dashboard'));
    expect(await page.locator('#qsLogoutBtn').count()).toBe(0);
    expect(await page.content()).not.toContain(TEST_USER_NAME);

    // The app session and the sign-in server's session both ended: /dashboard asks for a password again.
    await page.goto(appUrl('/dashboard'));
    await page.waitForURL((url) => url.origin === env.idp.origin);
    expect(await page.isVisible('#password')).toBe(true);

    expect(problems.take()).toEqual([]);
  });

  it('every page passes axe-core with no console errors or CSP violations', async () => {
    const found: Array<{ label: string; violations: AxeViolation[] }> = [];
    const consoleProblems: string[] = [];
    const audit = async (label: string, expectedConsoleErrors: string[] = []): Promise<void> => {
      found.push({ label, violations: await auditAccessibility(page) });
      consoleProblems.push(...problems.take().filter((problem) => !expectedConsoleErrors.includes(problem)));
    };

    await page.goto(appUrl('/'));
    await audit('home (anonymous)');

    await page.click('#qsLoginBtn');
    await page.waitForURL((url) => url.origin === env.idp.origin);
    await audit('sign-in page');

    // A login in flight: its state is in the session, so a forged callback is a 400 error page.
    const callbackUrl = appUrl('/callback?code=x&state=y');
    const errorPage = await page.goto(callbackUrl);
    expect(errorPage?.status()).toBe(400);
    expect(await page.textContent('h1')).toBeTruthy();
    // Chromium reports the page's own 400 on the console; that status is the point of this page.
    await audit('error page (/callback with a bad state)', [
      `console error on ${callbackUrl}: Failed to load resource: the server responded with a status of 400 (Bad Request)`,
    ]);

    await signInFromHome();
    await audit('dashboard');

    await page.goto(appUrl('/'));
    await audit('home (logged in)');

    await page.goto(appUrl('/logout'));
    expect(await page.isVisible('#logoutConfirmBtn')).toBe(true);
    await audit('logout confirmation (GET /logout)');

    const report = found
      .filter(({ violations }) => violations.length > 0)
      .map(({ label, violations }) => describeViolations(label, violations))
      .join('\n\n');
    expect(report, `axe-core violations:\n${report}`).toBe('');
    expect(consoleProblems).toEqual([]);
  });
});
