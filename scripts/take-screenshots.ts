import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { APP_PAGES, type AppPage } from './app-pages.js';
import { launchChromium, STEADY_RENDERING_ARGS } from './chromium.js';
import { startDevelopmentApp } from './development-app.js';
import { visit } from './page-tour.js';
import { PROJECT_ROOT } from './project-root.js';

export interface ScreenshotOptions {
  /** Where the PNGs go. */
  outDir: string;
  /** One picture (the first page, light, desktop): enough for CI to prove the script works. */
  quick: boolean;
}

const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'mobile', width: 360, height: 740 },
] as const;

const COLOR_SCHEMES = ['light', 'dark'] as const;

export const DEFAULT_OUT_DIR = join(PROJECT_ROOT, 'docs', 'screenshots');

/** `--quick` and `--out <dir>`; anything else is refused with the usage line. */
export function parseScreenshotArguments(argv: readonly string[]): ScreenshotOptions {
  const options: ScreenshotOptions = { outDir: DEFAULT_OUT_DIR, quick: false };
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index];
    if (argument === '--quick') options.quick = true;
    else if (argument === '--out' && argv[index + 1] !== undefined) options.outDir = resolve(argv[(index += 1)]);
    else throw new Error(`unknown argument "${argument}": usage: npm run screenshots -- [--quick] [--out <dir>]`);
  }
  return options;
}

async function photograph(browser: Browser, appUrl: string, entry: AppPage, options: ScreenshotOptions): Promise<string[]> {
  const [first] = VIEWPORTS;
  const context = await browser.newContext({ viewport: { width: first.width, height: first.height }, deviceScaleFactor: 1 });
  try {
    const page = await context.newPage();
    await visit(page, appUrl, entry);
    const written: string[] = [];
    for (const viewport of options.quick ? [first] : VIEWPORTS) {
      await page.setViewportSize({ width: viewport.width, height: viewport.height });
      for (const colorScheme of options.quick ? (['light'] as const) : COLOR_SCHEMES) {
        await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
        // Two frames: the new size and colour scheme are painted, not half-way.
        await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
        const path = join(options.outDir, `${entry.name}-${colorScheme}-${viewport.name}.png`);
        await page.screenshot({ path, animations: 'disabled', caret: 'hide' });
        written.push(path);
      }
    }
    return written;
  } finally {
    await context.close();
  }
}

/**
 * Starts the app as after a fresh clone, walks the real flow through its local sign-in server in
 * Chromium, and writes one PNG per page marked `screenshot`, colour scheme and viewport (cropped to
 * the viewport). Returns the files written.
 */
export async function takeScreenshots(options: ScreenshotOptions): Promise<string[]> {
  mkdirSync(options.outDir, { recursive: true });
  const entries = APP_PAGES.filter((entry) => entry.screenshot);
  const [browser, app] = await Promise.all([launchChromium(STEADY_RENDERING_ARGS), startDevelopmentApp()]);
  try {
    const written: string[] = [];
    for (const entry of options.quick ? entries.slice(0, 1) : entries) {
      written.push(...(await photograph(browser, app.url, entry, options)));
    }
    return written;
  } finally {
    await browser.close();
    await app.stop();
  }
}
