import { expect } from 'vitest';
import { HttpClient, type HttpResult } from './http-client.js';

export const TEST_ACCOUNT = { email: 'user@example.com', password: 'Passw0rd!' };
/** The local sign-in server's account with the `admin` role. */
export const ADMIN_ACCOUNT = { email: 'admin@example.com', password: 'Passw0rd!' };

/** The local sign-in page's form target, read from its HTML. */
export function loginFormAction(page: HttpResult): string {
  const action = /<form method="post" action="([^"]+)"/.exec(page.text)?.[1];
  if (action === undefined) throw new Error(`no login form on ${page.url} (status ${page.status})`);
  return new URL(action.replaceAll('&amp;', '&'), page.url).toString();
}

/** From /login to the sign-in page of the local IdP. */
export async function openSignInPage(client: HttpClient, appUrl: string, returnTo?: string): Promise<HttpResult> {
  const login = `${appUrl}/login${returnTo === undefined ? '' : `?returnTo=${encodeURIComponent(returnTo)}`}`;
  const page = await client.follow(login);
  expect(page.status, `sign-in page after ${login}`).toBe(200);
  return page;
}

/**
 * Walks the real login: app /login -> IdP /authorize -> sign-in form -> IdP redirect -> app /callback.
 * Returns the app's answer to /callback (a 302 to returnTo on success).
 */
export async function signIn(client: HttpClient, appUrl: string, account = TEST_ACCOUNT, returnTo?: string): Promise<HttpResult> {
  return submitSignIn(client, appUrl, await openSignInPage(client, appUrl, returnTo), account);
}

/** From an open sign-in page (a tab) to the app's answer to /callback. */
export async function submitSignIn(client: HttpClient, appUrl: string, page: HttpResult, account = TEST_ACCOUNT): Promise<HttpResult> {
  const submitted = await client.postForm(loginFormAction(page), account);
  return client.follow(submitted.location ?? page.url, {
    stopAt: (next) => next.origin === new URL(appUrl).origin && next.pathname !== '/callback',
  });
}

/**
 * A new browser logged in to the app at `appUrl` as `account`, through the real flow against the
 * local sign-in server (startAppWithLocalIdp): one call, for tests of guarded pages.
 */
export async function loggedInClient(appUrl: string, account = TEST_ACCOUNT): Promise<HttpClient> {
  const client = new HttpClient();
  const callback = await signIn(client, appUrl, account);
  expect(callback.status, `the login of ${account.email}: ${callback.text.slice(0, 200)}`).toBe(302);
  return client;
}
