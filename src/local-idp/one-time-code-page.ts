import { renderSignInContext, type SignInContext } from './login-page.js';
import { escapeHtml, renderPage } from './page-layout.js';
import { interactionPath } from './routes.js';

export interface OneTimeCodePageModel extends SignInContext {
  /** Shown on the page: a development server has no phone or authenticator app to send it to. */
  code: string;
  error?: string;
}

/** The second step of a login the app asked multi-factor authentication for (`acr_values`). */
export function renderOneTimeCodePage(model: OneTimeCodePageModel): string {
  const action = interactionPath(model.interactionUid);
  const failed = model.error !== undefined;
  const invalid = failed ? ' aria-invalid="true" aria-describedby="code-error"' : '';
  const error = failed ? `<p id="code-error" class="field-error" role="alert">${escapeHtml(model.error)}</p>` : '';

  return renderPage(
    'Enter your one-time code',
    `<h1>Enter your one-time code</h1>
${renderSignInContext(model)}
<p class="notice" id="one-time-code">Your code is <strong>${escapeHtml(model.code)}</strong>. Auth0 would send it to your phone or authenticator app; this development server shows it here.</p>
<form method="post" action="${escapeHtml(`${action}/mfa`)}">
<label for="code">One-time code</label>
<input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required autofocus${invalid}>
${error}
<div class="actions">
<button type="submit" class="primary">Verify</button>
<button type="submit" class="secondary" formaction="${escapeHtml(`${action}/abort`)}" formnovalidate>Cancel</button>
</div>
</form>`,
  );
}
