import type { Page } from 'playwright-core';
import { submitSignInForm } from './page-tour.js';

/**
 * One page of the app as a visitor reaches it. The browser tests audit every entry (axe-core in
 * light and dark, no sideways scrolling at 360 px); `npm run screenshots` photographs those marked
 * `screenshot`. A new page is one entry here.
 */
export interface AppPage {
  /** Used in test names and screenshot file names (`<name>-<scheme>-<viewport>.png`). */
  name: string;
  /** Where the visit starts, on the app. */
  path: string;
  /** The email of the local account to sign in as first; anonymous when absent. */
  as?: string;
  /** The status of the response to `path` once redirects are followed (200 when absent). */
  status?: number;
  /** What the visitor does on the page before it is looked at. */
  then?: (page: Page) => Promise<void>;
  screenshot?: true;
}

const USER = 'user@example.com';
const ADMIN = 'admin@example.com';

/** The local sign-in server's form, with a password no test account has. */
async function submitWrongPassword(page: Page): Promise<void> {
  await page.fill('#email', USER);
  await page.fill('#password', 'not-the-password');
  await Promise.all([page.waitForResponse((response) => response.request().method() === 'POST'), page.click('button.primary')]);
  await page.waitForSelector('#login-error');
}

/** On the sign-in page a multi-factor step-up opens: the password, then the page asking for the one-time code. */
async function passPasswordStep(page: Page): Promise<void> {
  await submitSignInForm(page, USER);
  await page.waitForSelector('#code');
}

/** The whole multi-factor step-up: the password, the code the page shows, and back on the app. */
async function passBothSteps(page: Page): Promise<void> {
  await passPasswordStep(page);
  await page.fill('#code', (await page.textContent('#one-time-code strong')) ?? '');
  await page.click('button.primary');
  await page.waitForSelector('#accountMethods');
}

async function openProfileMenu(page: Page): Promise<void> {
  await page.click('#profileDropDown');
  await page.waitForSelector('#navLogoutBtn', { state: 'visible' });
}

export const APP_PAGES: readonly AppPage[] = [
  { name: 'home', path: '/', screenshot: true },
  { name: 'sign-in', path: '/login', screenshot: true },
  { name: 'sign-in-wrong-password', path: '/login', then: submitWrongPassword },
  { name: 'sign-up', path: '/login?screen_hint=signup', screenshot: true },
  { name: 'dashboard', path: '/dashboard', as: USER, screenshot: true },
  { name: 'profile-menu', path: '/', as: USER, then: openProfileMenu, screenshot: true },
  // An ordinary login brings no auth_time: the first visit steps up with max_age, unseen, and lands on the page.
  { name: 'account', path: '/account', as: USER },
  { name: 'one-time-code', path: '/account/security', as: USER, then: passPasswordStep },
  { name: 'account-security', path: '/account/security', as: USER, then: passBothSteps },
  { name: 'admin', path: '/admin', as: ADMIN },
  { name: 'forbidden', path: '/admin', as: USER, status: 403, screenshot: true },
  { name: 'logout-confirmation', path: '/logout', as: USER },
  // A callback whose state matches no login in flight: the app's error page.
  { name: 'error', path: '/callback?code=x&state=y', status: 400 },
  { name: 'not-found', path: '/no-such-page', status: 404, screenshot: true },
];
