import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startAppWithLocalIdp } from '../support/app.js';
import { launchChromium, newWatchedContext, watchPageProblems } from '../support/browser.js';
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

    // The session card: logged in just now, each deadline counted from then by the configured timeout.
    const { idleTimeoutSeconds, absoluteTimeoutSeconds } = env.app.config.session;
    const shownTime = async (id: string): Promise<number> => Date.parse((await page.getAttribute(`#${id}`, 'datetime')) ?? '');
    const loggedInAt = await shownTime('sessionLoggedInAt');
    expect(Math.abs(Date.now() - loggedInAt)).toBeLessThan(60_000);
    expect((await shownTime('sessionAbsoluteExpiry')) - loggedInAt).toBe(absoluteTimeoutSeconds * 1000);
    const idleAfterLogin = (await shownTime('sessionIdleExpiry')) - loggedInAt;
    expect(idleAfterLogin).toBeGreaterThanOrEqual(idleTimeoutSeconds * 1000);
    expect(idleAfterLogin).toBeLessThan(idleTimeoutSeconds * 1000 + 10_000);
    expect(await page.textContent('#sessionIdleExpiry')).toMatch(/^\d{1,2} \w{3} \d{4}, \d{2}:\d{2} UTC$/);

    // The claims wrap: the picture's long data: URI does not make the JSON scroll sideways.
    expect(await page.evaluate(`(({ scrollWidth, clientWidth }) => scrollWidth - clientWidth)(document.querySelector('.code-scroll'))`)).toBe(0);

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

  /** Presses Tab until `selector` has the focus, as a keyboard user would; fails after `maxPresses`. */
  async function tabTo(selector: string, maxPresses = 30): Promise<void> {
    for (let presses = 0; presses < maxPresses; presses += 1) {
      if (await focused(selector)) return;
      await page.keyboard.press('Tab');
    }
    throw new Error(`${selector} never got the focus in ${maxPresses} presses of Tab on ${page.url()}`);
  }
  const focused = (selector: string): Promise<boolean> => page.evaluate(`document.activeElement?.matches(${JSON.stringify(selector)}) ?? false`);
  const menuIsOpen = (): Promise<boolean> => page.evaluate(`document.querySelector('#profileMenu').matches(':popover-open')`);

  it('logs in from the header and out through the header profile menu with only the keyboard', async () => {
    await page.goto(appUrl('/'));
    await tabTo('.session a[href="/login"]');
    await Promise.all([page.waitForURL((url) => url.origin === env.idp.origin), page.keyboard.press('Enter')]);
    expect(await focused('#email')).toBe(true);
    await page.keyboard.type(TEST_ACCOUNT.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(TEST_ACCOUNT.password);
    await Promise.all([page.waitForURL(appUrl('/dashboard')), page.keyboard.press('Enter')]);

    // The menu's Dashboard item, from the home page.
    await tabTo('.site-nav a[href="/"]');
    await Promise.all([page.waitForURL(appUrl('/')), page.keyboard.press('Enter')]);
    await tabTo('#profileDropDown');
    expect(await menuIsOpen()).toBe(false);
    expect(await page.isVisible('#qsProfileDashboard')).toBe(false);
    await page.keyboard.press('Enter');
    expect(await menuIsOpen()).toBe(true);
    await page.keyboard.press('Tab');
    expect(await focused('#qsProfileDashboard')).toBe(true);
    await Promise.all([page.waitForURL(appUrl('/dashboard')), page.keyboard.press('Enter')]);

    // Escape closes the menu, from its button or from inside it, and leaves the focus on its button.
    await tabTo('#profileDropDown');
    await page.keyboard.press('Space');
    expect(await menuIsOpen()).toBe(true);
    await page.keyboard.press('Escape');
    expect(await menuIsOpen()).toBe(false);
    expect(await focused('#profileDropDown')).toBe(true);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await focused('#qsProfileAccount')).toBe(true);
    await page.keyboard.press('Tab');
    expect(await focused('#navLogoutBtn')).toBe(true);
    await page.keyboard.press('Escape');
    expect(await menuIsOpen()).toBe(false);
    expect(await focused('#profileDropDown')).toBe(true);

    // Log out: the menu item submits the POST form, which ends both sessions and comes home.
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await Promise.all([page.waitForURL(appUrl('/')), page.keyboard.press('Enter')]);
    await expect.poll(() => page.isVisible('#qsLoginBtn')).toBe(true);
    expect(await page.locator('#profileDropDown').count()).toBe(0);
    await page.goto(appUrl('/dashboard'));
    await page.waitForURL((url) => url.origin === env.idp.origin);
    expect(await page.isVisible('#password')).toBe(true);

    expect(problems.take()).toEqual([]);
  });
});
