import { escapeHtml, renderPage } from './page-layout.js';
import { interactionPath } from './routes.js';

export interface TestAccount {
  email: string;
  password: string;
  roles?: readonly string[];
  organizations?: ReadonlyArray<{ name: string }>;
}

/** Who the sign-in is for: the app, and the Auth0 organization (and invitation) it names. */
export interface SignInContext {
  interactionUid: string;
  clientId: string;
  /** The organization's name, when the app asked for one. */
  organization?: string;
  /** The app passed an invitation to that organization. */
  invited?: boolean;
}

export interface LoginPageModel extends SignInContext {
  /** What the person typed, kept after a failed attempt. */
  email: string;
  /** Why the last attempt was refused (wrong password, not a member). */
  error?: string;
  testAccounts: readonly TestAccount[];
}

/** "to continue to <app>", the organization, and an invitation's notice: the same on every screen of a sign-in. */
export function renderSignInContext(context: SignInContext): string {
  const organization = context.organization === undefined ? '' : ` in <strong>${escapeHtml(context.organization)}</strong>`;
  const invitation = context.invited
    ? `<p class="notice">You are invited to join <strong>${escapeHtml(context.organization)}</strong>: sign in, or create an account, to accept.</p>`
    : '';
  return `<p class="lead">to continue to <strong>${escapeHtml(context.clientId)}</strong>${organization}</p>\n${invitation}`;
}

function renderChips(values: readonly string[] | undefined): string {
  if (values === undefined || values.length === 0) return '<span class="none">none</span>';
  return values.map((value) => `<span class="chip">${escapeHtml(value)}</span>`).join('');
}

/** Only accounts in an organization get the row: most apps use none. */
function renderOrganizations(organizations: TestAccount['organizations']): string {
  if (organizations === undefined || organizations.length === 0) return '';
  return `\n<dt>Organizations</dt><dd>${renderChips(organizations.map(({ name }) => name))}</dd>`;
}

function renderTestAccounts(accounts: readonly TestAccount[]): string {
  const items = accounts
    .map(
      (account) => `<li><dl>
<dt>Email</dt><dd><code>${escapeHtml(account.email)}</code></dd>
<dt>Password</dt><dd><code>${escapeHtml(account.password)}</code></dd>
<dt>Roles</dt><dd>${renderChips(account.roles)}</dd>${renderOrganizations(account.organizations)}
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
 * After a refused attempt the error sits under the password field, both fields point at it
 * (aria-describedby) and the password field takes the focus, since the email is kept.
 */
export function renderLoginPage(model: LoginPageModel): string {
  const action = interactionPath(model.interactionUid);
  const failed = model.error !== undefined;
  const invalid = failed ? ' aria-invalid="true" aria-describedby="login-error"' : '';
  const error = failed ? `<p id="login-error" class="field-error" role="alert">${escapeHtml(model.error)}</p>` : '';

  return renderPage(
    'Sign in',
    `<h1>Sign in</h1>
${renderSignInContext(model)}
<form method="post" action="${escapeHtml(`${action}/login`)}">
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="username" required${failed ? '' : ' autofocus'} value="${escapeHtml(model.email)}"${invalid}>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${failed ? ' autofocus' : ''}${invalid}>
${error}
<div class="actions">
<button type="submit" class="primary">Sign in</button>
<button type="submit" class="secondary" formaction="${escapeHtml(`${action}/abort`)}" formnovalidate>Cancel</button>
</div>
</form>
<p class="switch">No account yet? <a id="signup-link" href="${escapeHtml(`${action}?screen=signup`)}">Create one</a></p>
${renderTestAccounts(model.testAccounts)}`,
  );
}
