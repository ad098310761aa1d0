import { escapeHtml, renderPage } from './page-layout.js';

/** Shown for OAuth errors that cannot go back to the application (bad client, bad redirect_uri...). */
export function renderErrorPage(error: string, description?: string): string {
  return renderPage(
    'Sign-in error',
    `<h1>Something went wrong</h1>
<p role="alert"><strong>${escapeHtml(error)}</strong>${description ? `: ${escapeHtml(description)}` : ''}</p>
<p>Go back to the application and start signing in again.</p>`,
  );
}
