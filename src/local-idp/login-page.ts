import { escapeHtml, PRODUCT_NAME, renderPage } from './page-layout.js';
import { interactionPath } from './routes.js';

export interface LoginPageModel {
  interactionUid: string;
  clientId: string;
  /** What the person typed, kept after a failed attempt. */
  email: string;
  failed: boolean;
  testAccounts: ReadonlyArray<{ email: string; password: string }>;
}

export function renderLoginPage(model: LoginPageModel): string {
  const action = interactionPath(model.interactionUid);
  const invalid = model.failed ? ' aria-invalid="true" aria-describedby="login-error"' : '';
  const error = model.failed ? '<p id="login-error" class="error" role="alert">Wrong email or password. Check the test accounts below.</p>' : '';
  const accounts = model.testAccounts
    .map((account) => `<li><code>${escapeHtml(account.email)}</code> / <code>${escapeHtml(account.password)}</code></li>`)
    .join('');

  return renderPage(
    'Sign in',
    `<h1>${PRODUCT_NAME}</h1>
<p>Sign in to continue to <strong>${escapeHtml(model.clientId)}</strong>.</p>
${error}
<form method="post" action="${escapeHtml(`${action}/login`)}">
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="username" required autofocus value="${escapeHtml(model.email)}"${invalid}>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${invalid}>
<div class="actions">
<button type="submit" class="primary">Sign in</button>
<button type="submit" class="secondary" formaction="${escapeHtml(`${action}/abort`)}" formnovalidate>Cancel</button>
</div>
</form>
<div class="hint">
<p><strong>Test accounts</strong> (from the accounts file):</p>
<ul>${accounts}</ul>
</div>`,
  );
}
