import { createHash } from 'node:crypto';

const STYLE = `
:root { color-scheme: light; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #111827; background: #f3f4f6; }
body { margin: 0; min-height: 100vh; display: grid; place-items: center; }
main { width: min(26rem, calc(100vw - 2rem)); background: #ffffff; border-radius: 0.75rem; box-shadow: 0 1px 3px rgba(0, 0, 0, 0.2); padding: 2rem; box-sizing: border-box; }
h1 { font-size: 1.35rem; margin: 0 0 0.25rem; }
.badge { display: inline-block; font-size: 0.8rem; font-weight: 600; color: #92400e; background: #fef3c7; border-radius: 999px; padding: 0.15rem 0.6rem; margin: 0 0 1rem; }
p { line-height: 1.5; }
label { display: block; font-weight: 600; margin: 1rem 0 0.35rem; }
input { width: 100%; box-sizing: border-box; font: inherit; padding: 0.6rem 0.7rem; border: 1px solid #6b7280; border-radius: 0.4rem; }
input[aria-invalid="true"] { border-color: #b91c1c; }
.actions { display: flex; gap: 0.75rem; margin-top: 1.5rem; }
button, .button { font: inherit; font-weight: 600; padding: 0.6rem 1.1rem; border-radius: 0.4rem; border: 1px solid #1d4ed8; cursor: pointer; text-decoration: none; display: inline-block; }
.primary { background: #1d4ed8; color: #ffffff; }
.secondary { background: #ffffff; color: #1d4ed8; }
input:focus-visible, button:focus-visible, a:focus-visible { outline: 3px solid #f59e0b; outline-offset: 2px; }
.error { color: #991b1b; background: #fef2f2; border: 1px solid #fca5a5; border-radius: 0.4rem; padding: 0.6rem 0.8rem; }
.hint { font-size: 0.9rem; color: #374151; background: #f9fafb; border: 1px dashed #9ca3af; border-radius: 0.4rem; padding: 0.6rem 0.8rem; margin-top: 1.5rem; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; }
`;

const styleHash = createHash('sha256').update(STYLE).digest('base64');

/** No script at all; the one inline stylesheet is allowed by its hash; images only as data: URIs. */
export const PAGE_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `style-src 'sha256-${styleHash}'`,
  'img-src data:',
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const PRODUCT_NAME = 'Local development sign-in server';

export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"'`]/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** `title` is escaped here; `body` is HTML the caller has already escaped. */
export function renderPage(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)} · ${PRODUCT_NAME}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<p class="badge">${PRODUCT_NAME} · not Auth0</p>
${body}
</main>
</body>
</html>`;
}
