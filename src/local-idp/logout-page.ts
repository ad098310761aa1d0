import { escapeHtml, PRODUCT_NAME, renderPage } from './page-layout.js';

/** The end of Auth0's `/v2/logout` (no usable returnTo) and of `/oidc/logout`. */
export function renderSignedOutPage(rejectedReturnTo?: string): string {
  const explanation = rejectedReturnTo
    ? `<p class="error" role="alert">You were not sent back to <code>${escapeHtml(rejectedReturnTo)}</code>:
that address is not one of the application's registered logout URLs.</p>`
    : '';
  return renderPage(
    'Signed out',
    `<h1>You are signed out</h1>
<p>Your session with the ${PRODUCT_NAME.toLowerCase()} has ended.</p>
${explanation}
<p>You can close this tab or go back to the application.</p>`,
  );
}

/**
 * oidc-provider's confirmation step for `/oidc/logout`. `form` is its own hidden form
 * (`id="op.logoutForm"`, carrying the XSRF token); the buttons submit it.
 */
export function renderLogoutConfirmPage(form: string, host: string): string {
  return renderPage(
    'Sign out',
    `<h1>Sign out?</h1>
<p>Do you want to sign out of the ${PRODUCT_NAME.toLowerCase()} at <code>${escapeHtml(host)}</code>?</p>
${form}
<div class="actions">
<button type="submit" class="primary" form="op.logoutForm" name="logout" value="yes" autofocus>Yes, sign me out</button>
<button type="submit" class="secondary" form="op.logoutForm">No, stay signed in</button>
</div>`,
  );
}
