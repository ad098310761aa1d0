import { describe, expect, it } from 'vitest';
import { useBrowserWithApp } from '../support/browser-suite.js';
import { TEST_ACCOUNT } from '../support/login.js';

const TEST_USER_NAME = 'Test User';

describe('login in a real browser (Chromium)', () => {
  const suite = useBrowserWithApp();

  it('clicks #qsLoginBtn, signs in, sees the dashboard, clicks #qsLogoutBtn, and the dashboard is gone', async () => {
    await suite.page.goto(suite.appUrl('/'));
    await expect.poll(() => suite.page.isVisible('#qsLoginBtn')).toBe(true);

    await suite.page.click('#qsLoginBtn');
    await suite.page.waitForURL((url) => url.origin === suite.env.idp.origin);
    expect(await suite.page.isVisible('#email')).toBe(true);
    await suite.page.fill('#email', TEST_ACCOUNT.email);
    await suite.page.fill('#password', TEST_ACCOUNT.password);
    await suite.page.click('button[type="submit"].primary');

    await suite.page.waitForURL(suite.appUrl('/dashboard'));
    expect(await suite.page.textContent('.profile__name')).toBe(TEST_USER_NAME);
    expect(await suite.page.textContent('.profile__email')).toBe(TEST_ACCOUNT.email);
    // The local IdP always sends a data: picture, so the avatar is an image, never the initials fallback.
    const avatar = suite.page.locator('.profile__identity .avatar');
    expect(await avatar.evaluate((element) => (element as unknown as { tagName: string }).tagName)).toBe('IMG');
    expect(await avatar.getAttribute('alt')).toBe(`Profile picture of ${TEST_USER_NAME}`);
    expect(await avatar.getAttribute('src')).toMatch(/^data:image\//);
    // The picture must actually render (not blocked by CSP, not a broken URL).
    expect(await avatar.evaluate((image) => (image as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);

    // The session card: logged in just now, each deadline counted from then by the configured timeout.
    const { idleTimeoutSeconds, absoluteTimeoutSeconds } = suite.env.app.config.session;
    const shownTime = async (id: string): Promise<number> => Date.parse((await suite.page.getAttribute(`#${id}`, 'datetime')) ?? '');
    const loggedInAt = await shownTime('sessionLoggedInAt');
    expect(Math.abs(Date.now() - loggedInAt)).toBeLessThan(60_000);
    expect((await shownTime('sessionAbsoluteExpiry')) - loggedInAt).toBe(absoluteTimeoutSeconds * 1000);
    const idleAfterLogin = (await shownTime('sessionIdleExpiry')) - loggedInAt;
    expect(idleAfterLogin).toBeGreaterThanOrEqual(idleTimeoutSeconds * 1000);
    expect(idleAfterLogin).toBeLessThan(idleTimeoutSeconds * 1000 + 10_000);
    expect(await suite.page.textContent('#sessionIdleExpiry')).toMatch(/^\d{1,2} \w{3} \d{4}, \d{2}:\d{2} UTC$/);

    // The claims wrap: the picture's long data: URI does not make the JSON scroll sideways.
    expect(
      await suite.page.evaluate(`(({ scrollWidth, clientWidth }) => scrollWidth - clientWidth)(document.querySelector('.code-scroll'))`),
    ).toBe(0);

    await suite.page.click('#qsLogoutBtn');
    await suite.page.waitForURL(suite.appUrl('/'));
    await expect.poll(() => suite.page.isVisible('#qsLoginBtn')).toBe(true);
    expect(await suite.page.isVisible('#qsLogoutBtn')).toBe(false);

    // Back to the dashboard's history entry: it must be fetched again (no-store), not shown from cache.
    await suite.page.goBack();
    await suite.page.waitForLoadState('load');
    expect(suite.page.url()).not.toBe(suite.appUrl('/dashboard'));
    expect(await suite.page.locator('#qsLogoutBtn').count()).toBe(0);
    expect(await suite.page.content()).not.toContain(TEST_USER_NAME);

    // The app session and the sign-in server's session both ended: /dashboard asks for a password again.
    await suite.page.goto(suite.appUrl('/dashboard'));
    await suite.page.waitForURL((url) => url.origin === suite.env.idp.origin);
    expect(await suite.page.isVisible('#password')).toBe(true);

    expect(suite.problems.take()).toEqual([]);
  });

  /** Presses Tab until `selector` has the focus, as a keyboard user would; fails after `maxPresses`. */
  async function tabTo(selector: string, maxPresses = 30): Promise<void> {
    for (let presses = 0; presses < maxPresses; presses += 1) {
      if (await focused(selector)) return;
      await suite.page.keyboard.press('Tab');
    }
    throw new Error(`${selector} never got the focus in ${maxPresses} presses of Tab on ${suite.page.url()}`);
  }
  const focused = (selector: string): Promise<boolean> =>
    suite.page.evaluate(`document.activeElement?.matches(${JSON.stringify(selector)}) ?? false`);
  const menuIsOpen = (): Promise<boolean> => suite.page.evaluate(`document.querySelector('#profileMenu').matches(':popover-open')`);

  it('logs in from the header and out through the header profile menu with only the keyboard', async () => {
    await suite.page.goto(suite.appUrl('/'));
    await tabTo('.session a[href="/login"]');
    await Promise.all([suite.page.waitForURL((url) => url.origin === suite.env.idp.origin), suite.page.keyboard.press('Enter')]);
    expect(await focused('#email')).toBe(true);
    await suite.page.keyboard.type(TEST_ACCOUNT.email);
    await suite.page.keyboard.press('Tab');
    await suite.page.keyboard.type(TEST_ACCOUNT.password);
    await Promise.all([suite.page.waitForURL(suite.appUrl('/dashboard')), suite.page.keyboard.press('Enter')]);

    // The menu's Dashboard item, from the home page.
    await tabTo('.site-nav a[href="/"]');
    await Promise.all([suite.page.waitForURL(suite.appUrl('/')), suite.page.keyboard.press('Enter')]);
    await tabTo('#profileDropDown');
    expect(await menuIsOpen()).toBe(false);
    expect(await suite.page.isVisible('#qsProfileDashboard')).toBe(false);
    await suite.page.keyboard.press('Enter');
    expect(await menuIsOpen()).toBe(true);
    await suite.page.keyboard.press('Tab');
    expect(await focused('#qsProfileDashboard')).toBe(true);
    await Promise.all([suite.page.waitForURL(suite.appUrl('/dashboard')), suite.page.keyboard.press('Enter')]);

    // Escape closes the menu, from its button or from inside it, and leaves the focus on its button.
    await tabTo('#profileDropDown');
    await suite.page.keyboard.press('Space');
    expect(await menuIsOpen()).toBe(true);
    await suite.page.keyboard.press('Escape');
    expect(await menuIsOpen()).toBe(false);
    expect(await focused('#profileDropDown')).toBe(true);
    await suite.page.keyboard.press('Enter');
    await suite.page.keyboard.press('Tab');
    await suite.page.keyboard.press('Tab');
    expect(await focused('#qsProfileAccount')).toBe(true);
    await suite.page.keyboard.press('Tab');
    expect(await focused('#navLogoutBtn')).toBe(true);
    await suite.page.keyboard.press('Escape');
    expect(await menuIsOpen()).toBe(false);
    expect(await focused('#profileDropDown')).toBe(true);

    // Log out: the menu item submits the POST form, which ends both sessions and comes home.
    await suite.page.keyboard.press('Enter');
    await suite.page.keyboard.press('Tab');
    await suite.page.keyboard.press('Tab');
    await suite.page.keyboard.press('Tab');
    await Promise.all([suite.page.waitForURL(suite.appUrl('/')), suite.page.keyboard.press('Enter')]);
    await expect.poll(() => suite.page.isVisible('#qsLoginBtn')).toBe(true);
    expect(await suite.page.locator('#profileDropDown').count()).toBe(0);
    await suite.page.goto(suite.appUrl('/dashboard'));
    await suite.page.waitForURL((url) => url.origin === suite.env.idp.origin);
    expect(await suite.page.isVisible('#password')).toBe(true);

    expect(suite.problems.take()).toEqual([]);
  });
});
