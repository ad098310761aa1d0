import { renderSignInContext, type SignInContext } from './login-page.js';
import { escapeHtml, renderPage } from './page-layout.js';
import { interactionPath } from './routes.js';

export interface SignupPageModel extends SignInContext {
  /** What the person typed, kept after a refused attempt (never the password). */
  name: string;
  email: string;
  error?: string;
}

/**
 * The sign-up screen Auth0's Universal Login opens on for `screen_hint=signup`. The account lives
 * in this server's memory until it stops; the accounts file is left alone.
 */
export function renderSignupPage(model: SignupPageModel): string {
  const action = interactionPath(model.interactionUid);
  const failed = model.error !== undefined;
  const invalid = failed ? ' aria-invalid="true" aria-describedby="signup-error"' : '';
  const error = failed ? `<p id="signup-error" class="field-error" role="alert">${escapeHtml(model.error)}</p>` : '';

  return renderPage(
    'Create your account',
    `<h1>Create your account</h1>
${renderSignInContext(model)}
<form method="post" action="${escapeHtml(`${action}/signup`)}">
<label for="name">Name</label>
<input id="name" name="name" type="text" autocomplete="name" required${failed ? '' : ' autofocus'} value="${escapeHtml(model.name)}">
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="email" required value="${escapeHtml(model.email)}"${invalid}>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="new-password" required minlength="8"${failed ? ' autofocus' : ''}${invalid}>
${error}
<div class="actions">
<button type="submit" class="primary">Create account</button>
<button type="submit" class="secondary" formaction="${escapeHtml(`${action}/abort`)}" formnovalidate>Cancel</button>
</div>
</form>
<p class="switch">Already have an account? <a id="login-link" href="${escapeHtml(`${action}?screen=login`)}">Sign in</a></p>
<p class="hint">Accounts made here last until the sign-in server stops.</p>`,
  );
}
