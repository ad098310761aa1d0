import { describe, expect, it } from 'vitest';
import { useBrowserWithApp } from '../support/browser-suite.js';
import { ADMIN_ACCOUNT, TEST_ACCOUNT } from '../support/login.js';

// axe-core and the 360 px check of both pages are in pages.spec.ts (APP_PAGES).
describe('the 403 page and the admin page in a real browser (Chromium)', () => {
  const suite = useBrowserWithApp();

  /** Opens /admin, signs in on the local sign-in page as `account`, and lands back on /admin. */
  async function openAdminAs(account: typeof TEST_ACCOUNT): Promise<number | undefined> {
    await suite.page.goto(suite.appUrl('/admin'));
    await suite.page.waitForURL((url) => url.origin === suite.env.idp.origin);
    await suite.page.fill('#email', account.email);
    await suite.page.fill('#password', account.password);
    const answer = suite.page.waitForResponse((response) => response.url() === suite.appUrl('/admin'));
    await suite.page.click('button[type="submit"].primary');
    await suite.page.waitForURL(suite.appUrl('/admin'));
    return (await answer).status();
  }

  it('a user without the role gets a 403 page that names the account and logs out from it', async () => {
    expect(await openAdminAs(TEST_ACCOUNT)).toBe(403);
    expect(await suite.page.textContent('h1')).toBe('You don’t have access to this page');
    expect(await suite.page.textContent('main')).toContain('You are logged in as Test User (user@example.com).');

    // Chromium reports the page's own 403 on the console; that status is the point of this page.
    expect(suite.problems.take()).toEqual([
      `console error on ${suite.appUrl('/admin')}: Failed to load resource: the server responded with a status of 403 (Forbidden)`,
    ]);

    await suite.page.click('#accessDeniedLogoutBtn');
    await suite.page.waitForURL(suite.appUrl('/'));
    await expect.poll(() => suite.page.isVisible('#qsLoginBtn')).toBe(true);
    expect(suite.problems.take()).toEqual([]);
  });

  it('an admin gets the admin page with the Admin link current', async () => {
    expect(await openAdminAs(ADMIN_ACCOUNT)).toBe(200);
    expect(await suite.page.textContent('.site-nav [aria-current="page"]')).toBe('Admin');
    expect(suite.problems.take()).toEqual([]);
  });
});
