import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppWithLocalIdp } from '../support/app.js';
import {
  auditAccessibility,
  describeViolations,
  launchChromium,
  newWatchedContext,
  useColorScheme,
  watchPageProblems,
} from '../support/browser.js';
import { ADMIN_ACCOUNT } from '../support/login.js';

// The dashboard's API access card and /invoices exist only with AUTH0_AUDIENCE, which the page list's
// development app does not set: audited here, in light and dark, with no console error or CSP violation.
describe('the API access card and /invoices in a real browser (Chromium)', () => {
  let browser: Browser;
  let env: Awaited<ReturnType<typeof startAppWithLocalIdp>>;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    [browser, env] = await Promise.all([
      launchChromium(),
      startAppWithLocalIdp({ AUTH0_AUDIENCE: 'https://api.example.test/', AUTH0_SCOPE: 'openid profile email offline_access' }),
    ]);
    context = await newWatchedContext(browser);
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await env?.close();
  });

  it('the admin sees the card on the dashboard and opens /invoices; both pass axe-core in light and dark', async () => {
    const problems = watchPageProblems(page);
    const appUrl = (path: string): string => `${env.app.url}${path}`;
    await page.goto(appUrl('/dashboard'));
    await page.waitForURL((url) => url.origin === env.idp.origin);
    await page.fill('#email', ADMIN_ACCOUNT.email);
    await page.fill('#password', ADMIN_ACCOUNT.password);
    await page.click('button[type="submit"].primary');
    await page.waitForURL(appUrl('/dashboard'));
    expect(await page.textContent('#accessTokenPermissions')).toContain('read:invoices');

    for (const path of ['/dashboard', '/invoices']) {
      if (path !== '/dashboard') await Promise.all([page.waitForURL(appUrl(path)), page.click(`a[href="${path}"]`)]);
      for (const colorScheme of ['light', 'dark'] as const) {
        await useColorScheme(page, colorScheme);
        const violations = await auditAccessibility(page);
        expect(violations, describeViolations(`${path} ${colorScheme}`, violations)).toEqual([]);
      }
    }
    expect(await page.textContent('h1')).toBe('Invoices');
    expect(problems.take()).toEqual([]);
  });
});
