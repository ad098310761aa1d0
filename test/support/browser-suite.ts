import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import type { RawEnvironment } from '../../src/config/environment.schema.js';
import { startAppWithLocalIdp } from './app.js';
import { launchChromium, newWatchedContext, watchPageProblems } from './browser.js';

type AppWithLocalIdp = Awaited<ReturnType<typeof startAppWithLocalIdp>>;

export interface BrowserSuite {
  /** The app and the local sign-in server, for the whole suite. */
  readonly env: AppWithLocalIdp;
  /** A fresh context (no cookies) and page for each test. */
  readonly page: Page;
  readonly context: BrowserContext;
  /** The current page's console errors, uncaught errors and CSP violations. */
  readonly problems: ReturnType<typeof watchPageProblems>;
  appUrl(path: string): string;
}

/**
 * Registers the hooks of a browser suite: Chromium and the app against the local sign-in server
 * once, a new context and page per test, so no test sees another's cookies.
 */
export function useBrowserWithApp(overrides: RawEnvironment = {}): BrowserSuite {
  let browser: Browser | undefined;
  let env: AppWithLocalIdp | undefined;
  let current: { context: BrowserContext; page: Page; problems: ReturnType<typeof watchPageProblems> } | undefined;

  beforeAll(async () => {
    [browser, env] = await Promise.all([launchChromium(), startAppWithLocalIdp(overrides)]);
  });
  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });
  beforeEach(async () => {
    const context = await newWatchedContext(required(browser, 'browser'));
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    current = { context, page, problems: watchPageProblems(page) };
  });
  afterEach(async () => {
    await current?.context.close();
    current = undefined;
  });

  return {
    get env() {
      return required(env, 'env');
    },
    get page() {
      return required(current, 'page').page;
    },
    get context() {
      return required(current, 'context').context;
    },
    get problems() {
      return required(current, 'problems').problems;
    },
    appUrl: (path) => `${required(env, 'env').app.url}${path}`,
  };
}

function required<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw new Error(`useBrowserWithApp: ${name} is only there inside a test`);
  return value;
}
