import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { AppPage } from './app-pages.js';
import { PROJECT_ROOT } from './project-root.js';

interface AccountEntry {
  email: string;
  password: string;
}

/** The accounts the local sign-in server starts with (the default accounts file). */
const ACCOUNTS: readonly AccountEntry[] = JSON.parse(
  readFileSync(join(PROJECT_ROOT, 'src', 'local-idp', 'accounts.json'), 'utf8'),
) as AccountEntry[];

function passwordOf(email: string): string {
  const account = ACCOUNTS.find((candidate) => candidate.email === email);
  if (account === undefined) throw new Error(`${email} is not in src/local-idp/accounts.json`);
  return account.password;
}

/** Fills the local sign-in page's form for `email` and submits it; resolves once the sign-in server has answered. */
export async function submitSignInForm(page: Page, email: string): Promise<void> {
  await page.fill('#email', email);
  await page.fill('#password', passwordOf(email));
  await Promise.all([page.waitForResponse((response) => response.request().method() === 'POST'), page.click('button.primary')]);
}

/** The real login: the app's /login, the local sign-in page, and back on the app. */
export async function signInAs(page: Page, appUrl: string, email: string): Promise<void> {
  const appOrigin = new URL(appUrl).origin;
  await page.goto(`${appUrl}/login`);
  await page.waitForURL((url) => url.origin !== appOrigin);
  await submitSignInForm(page, email);
  await page.waitForURL((url) => url.origin === appOrigin);
}

/**
 * Brings `page` (a fresh browser context) to `entry` as its visitor would, and fails when the
 * page answers with another status than the entry says.
 */
export async function visit(page: Page, appUrl: string, entry: AppPage): Promise<void> {
  if (entry.as !== undefined) await signInAs(page, appUrl, entry.as);
  const response = await page.goto(`${appUrl}${entry.path}`);
  const expected = entry.status ?? 200;
  if (response?.status() !== expected) {
    throw new Error(`${entry.name}: ${entry.path} answered ${response?.status()} at ${page.url()}, expected ${expected}`);
  }
  await entry.then?.(page);
}
