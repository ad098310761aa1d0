// J1 in a real browser: a page on another origin (another port of 127.0.0.1: same site, so
// SameSite=Lax still sends the session cookie) auto-submits a form to POST /logout and to a POST
// route a module adds. Chromium's own Fetch Metadata gives it away: a 403 page, nothing changes;
// the same forms on the app's own pages still work.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBrowserWithApp } from '../support/browser-suite.js';
import { FormsModule, FormSubmissions } from '../support/forms-module.js';
import { TEST_ACCOUNT } from '../support/login.js';
import { type ModuleTest, startModuleTest } from '../support/module-test.js';

const REFUSED_HEADING = 'This request came from another website';

/** Another origin's page that posts a form to `?action=` as soon as it loads. */
function startAttackerSite(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    const action = new URL(request.url ?? '/', 'http://attacker.invalid').searchParams.get('action') ?? '';
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(
      `<!doctype html><title>Win a prize</title><form method="post" action="${encodeURI(action)}">` +
        '<input type="hidden" name="returnTo" value="https://evil.example/"></form><script>document.forms[0].submit()</script>',
    );
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () => new Promise<void>((closed) => server.close(() => closed())),
      }),
    ),
  );
}

describe('J1 cross-origin forms in a real browser (Chromium)', () => {
  const suite = useBrowserWithApp();
  let forms: ModuleTest;
  let formsUrl: string;
  let attacker: Awaited<ReturnType<typeof startAttackerSite>>;

  beforeAll(async () => {
    [forms, attacker] = await Promise.all([startModuleTest([FormsModule]), startAttackerSite()]);
    await forms.app.listen(0, '127.0.0.1');
    formsUrl = `http://127.0.0.1:${(forms.app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await forms?.close();
    await attacker?.close();
  });

  /** Opens the attacker's page, which posts to `action`; resolves with the status of that POST. */
  async function submitFromAttacker(action: string): Promise<number> {
    const [posted] = await Promise.all([
      suite.page.waitForResponse((response) => response.url() === action && response.request().method() === 'POST'),
      suite.page.goto(`${attacker.url}/?action=${encodeURIComponent(action)}`),
    ]);
    await suite.page.waitForURL(action);
    return posted.status();
  }

  it('J1 another site’s auto-submitted POST /logout gets the 403 page; the user stays logged in', async () => {
    await suite.page.goto(suite.appUrl('/login'));
    await suite.page.waitForURL((url) => url.origin === suite.env.idp.origin);
    await suite.page.fill('#email', TEST_ACCOUNT.email);
    await suite.page.fill('#password', TEST_ACCOUNT.password);
    await Promise.all([suite.page.waitForURL(suite.appUrl('/dashboard')), suite.page.click('button[type="submit"].primary')]);

    expect(await submitFromAttacker(suite.appUrl('/logout'))).toBe(403);
    expect(await suite.page.textContent('h1')).toBe(REFUSED_HEADING);

    await suite.page.goto(suite.appUrl('/dashboard'));
    expect(suite.page.url()).toBe(suite.appUrl('/dashboard'));
    expect(await suite.page.textContent('.profile__email')).toBe(TEST_ACCOUNT.email);
  });

  it('J1 another site’s auto-submitted form to a module’s POST route is refused and saves nothing; the app’s own form saves', async () => {
    const submissions = forms.app.get(FormSubmissions);
    expect(await submitFromAttacker(`${formsUrl}/forms`)).toBe(403);
    expect(await suite.page.textContent('h1')).toBe(REFUSED_HEADING);
    expect(submissions.count('POST /forms')).toBe(0);

    await suite.page.goto(`${formsUrl}/forms`);
    const [saved] = await Promise.all([
      suite.page.waitForResponse((response) => response.request().method() === 'POST'),
      suite.page.click('button'),
    ]);
    expect(saved.status()).toBe(201);
    expect(submissions.count('POST /forms')).toBe(1);
  });
});
