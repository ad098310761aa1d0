import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_PAGES } from '../../scripts/app-pages.js';
import { visit } from '../../scripts/page-tour.js';
import { startAppWithLocalIdp } from '../support/app.js';
import {
  auditAccessibility,
  describeViolations,
  launchChromium,
  newWatchedContext,
  useColorScheme,
  watchPageProblems,
} from '../support/browser.js';

const COLOR_SCHEMES = ['light', 'dark'] as const;
const NARROW_VIEWPORT = { width: 360, height: 740 };

/** Chromium logs a document's own 4xx as a console error; for these pages that status is the point. */
function isExpectedStatusMessage(problem: string, statuses: ReadonlySet<number>): boolean {
  const status = /the server responded with a status of (\d{3})/.exec(problem)?.[1];
  return status !== undefined && statuses.has(Number(status));
}

/** How far the page runs past the viewport sideways (0 when it fits). */
function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
}

describe('every page of the app in Chromium', () => {
  let browser: Browser;
  let env: Awaited<ReturnType<typeof startAppWithLocalIdp>>;

  beforeAll(async () => {
    [browser, env] = await Promise.all([launchChromium(), startAppWithLocalIdp()]);
  });
  afterAll(async () => {
    await browser?.close();
    await env?.close();
  });

  it.each(APP_PAGES)('$name passes axe-core in light and dark, fits 360 px, with no console errors or CSP violations', async (entry) => {
    const context = await newWatchedContext(browser);
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      const problems = watchPageProblems(page);
      const documentStatuses = new Set<number>();
      page.on('response', (response) => {
        if (response.request().isNavigationRequest()) documentStatuses.add(response.status());
      });

      await visit(page, env.app.url, entry);

      const report: string[] = [];
      for (const colorScheme of COLOR_SCHEMES) {
        await useColorScheme(page, colorScheme);
        const violations = await auditAccessibility(page);
        if (violations.length > 0) report.push(describeViolations(`${entry.name}, ${colorScheme}`, violations));
      }
      expect(report.join('\n\n'), 'axe-core violations').toBe('');

      await page.setViewportSize(NARROW_VIEWPORT);
      expect(await horizontalOverflow(page), `${entry.name} scrolls sideways at 360 px`).toBe(0);

      expect(problems.take().filter((problem) => !isExpectedStatusMessage(problem, documentStatuses))).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
