import { escapeHtml, renderPage } from './page-layout.js';
import { interactionPath } from './routes.js';

export interface TestAccount {
  email: string;
  password: string;
  roles?: readonly string[];
}

export interface LoginPageModel {
  interactionUid: string;
  clientId: string;
  /** What the person typed, kept after a failed attempt. */
  email: string;
  failed: boolean;
  testAccounts: readonly TestAccount[];
}

function renderRoles(roles: readonly string[] | undefined): string {
  if (roles === undefined || roles.length === 0) return '<span class="none">none</span>';
  return roles.map((role) => `<span class="chip">${escapeHtml(role)}</span>`).join('');
}

function renderTestAccounts(accounts: readonly TestAccount[]): string {
  const items = accounts
    .map(
      (account) => `<li><dl>
<dt>Email</dt><dd><code>${escapeHtml(account.email)}</code></dd>
<dt>Password</dt><dd><code>${escapeHtml(account.password)}</code></dd>
<dt>Roles</dt><dd>${renderRoles(account.roles)}</dd>
</dl></li>`,
    )
    .join('\n');
  return `<section class="accounts" aria-labelledby="accounts-heading">
<h2 id="accounts-heading">Test accounts</h2>
<p>From the accounts file; each signs in with the roles shown.</p>
<ul>
${items}
</ul>
</section>`;
}

/**
 * After a wrong password the error sits under the password field, both fields point at it
 * (aria-describedby) and the password field takes the focus, since the email is kept.
 */
export function renderLoginPage(model: LoginPageModel): string {
  const action = interactionPath(model.interactionUid);
  const invalid = model.failed ? ' aria-invalid="true" aria-describedby="login-error"' : '';
  const error = model.failed
    ? '<p id="login-error" class="field-error" role="alert">Wrong email or password. Check the test accounts below.</p>'
    : '';

  return renderPage(
    'Sign in',
    `<h1>Sign in</h1>
<p class="lead">to continue to <strong>${escapeHtml(model.clientId)}</strong></p>
<form method="post" action="${escapeHtml(`${action}/login`)}">
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="username" required${model.failed ? '' : ' autofocus'} value="${escapeHtml(model.email)}"${invalid}>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${model.failed ? ' autofocus' : ''}${invalid}>
${error}
<div class="actions">
<button type="submit" class="primary">Sign in</button>
<button type="submit" class="secondary" formaction="${escapeHtml(`${action}/abort`)}" formnovalidate>Cancel</button>
</div>
</form>
${renderTestAccounts(model.testAccounts)}`,
  );
}
