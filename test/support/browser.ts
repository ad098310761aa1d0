import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults, ImpactValue } from 'axe-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';

export { launchChromium } from '../../scripts/chromium.js';

// Chromium also logs CSP violations to the console, but the event names the directive exactly.
const REPORT_CSP_VIOLATIONS = `
document.addEventListener('securitypolicyviolation', (event) => {
  console.error('CSP violation: ' + event.effectiveDirective + ' blocked ' + (event.blockedURI || 'inline') + ' on ' + event.documentURI);
});`;

/**
 * A context whose pages report CSP violations to the console. The CSP stays on: `bypassCSP`
 * would hide exactly the violations the tests look for. Reduced motion, as the CSS honours it:
 * what a test reads is the page's final state, never a colour half-way through a transition.
 */
export async function newWatchedContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ reducedMotion: 'reduce' });
  await context.addInitScript({ content: REPORT_CSP_VIOLATIONS });
  return context;
}

/**
 * Switches the page to `colorScheme` and resolves once no transition or animation is running any
 * more, however slowly the machine paints: axe-core then measures the final colours. A transition
 * the switch interrupts is cancelled (its `finished` rejects) and replaced, hence the loop.
 */
export async function useColorScheme(page: Page, colorScheme: 'light' | 'dark'): Promise<void> {
  await page.emulateMedia({ colorScheme });
  await page.evaluate(`(async () => {
    for (let running = document.getAnimations(); running.length > 0; running = document.getAnimations()) {
      await Promise.allSettled(running.map((animation) => animation.finished));
    }
  })()`);
}

/** Console errors, uncaught page errors and CSP violations on `page`, in order; `take()` empties the list. */
export function watchPageProblems(page: Page): { take(): string[] } {
  let problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error on ${page.url()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught error on ${page.url()}: ${error.message}`));
  return {
    take() {
      const taken = problems;
      problems = [];
      return taken;
    },
  };
}

export interface AxeViolation {
  id: string;
  impact: ImpactValue | null;
  help: string;
  helpUrl: string;
  nodes: Array<{ target: string; html: string; failureSummary: string }>;
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Runs axe-core on the page as it is now. The script goes in through the DevTools protocol
 * rather than a <script> tag, which the pages' CSP (rightly) blocks.
 */
export async function auditAccessibility(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate<AxeResults>('axe.run()');
  return results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact ?? null,
    help: violation.help,
    helpUrl: violation.helpUrl,
    nodes: violation.nodes.map((node) => ({
      target: node.target.join(' '),
      html: node.html,
      failureSummary: node.failureSummary ?? '',
    })),
  }));
}

/** One readable block per violation, for assertion messages. */
export function describeViolations(label: string, violations: readonly AxeViolation[]): string {
  return violations
    .map((violation) => {
      const nodes = violation.nodes.map(
        (node) => `    ${node.target}\n      ${node.html}\n      ${node.failureSummary.replaceAll('\n', '\n      ')}`,
      );
      return `[${label}] ${violation.id} (${violation.impact ?? 'n/a'}): ${violation.help}\n  ${violation.helpUrl}\n${nodes.join('\n')}`;
    })
    .join('\n');
}
