import { createHash } from 'node:crypto';

const STYLE = `
:root { color-scheme: light dark; --bg: #f3f4f6; --surface: #ffffff; --text: #111827; --muted: #4b5563; --border: #6b7280; --line: #e5e7eb;
  --accent: #1d4ed8; --accent-text: #ffffff; --banner-bg: #fef3c7; --banner-text: #78350f; --banner-line: #f59e0b;
  --error: #991b1b; --error-bg: #fef2f2; --error-line: #fca5a5; --chip-bg: #e0e7ff; --chip-text: #3730a3; --focus: #b45309;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--text); background: var(--bg); }
@media (prefers-color-scheme: dark) {
  :root { --bg: #111318; --surface: #1c1f26; --text: #eef0f4; --muted: #b4bac6; --border: #8b93a3; --line: #30343e;
    --accent: #93b4ff; --accent-text: #0b1020; --banner-bg: #3b2a06; --banner-text: #fde68a; --banner-line: #b45309;
    --error: #fecaca; --error-bg: #3a1414; --error-line: #b91c1c; --chip-bg: #2a2f5a; --chip-text: #dbe2ff; --focus: #fbbf24; }
}
*, *::before, *::after { box-sizing: border-box; }
body { margin: 0; min-height: 100vh; display: flex; flex-direction: column; align-items: center; line-height: 1.5; }
.banner { width: 100%; background: var(--banner-bg); color: var(--banner-text); border-bottom: 2px solid var(--banner-line); padding: 0.75rem 1rem; text-align: center; }
.banner p { margin: 0; }
.banner strong { display: block; font-size: 1rem; }
.banner span { font-size: 0.875rem; }
main { width: min(28rem, calc(100vw - 2rem)); margin: 2rem 0; background: var(--surface); border: 1px solid var(--line); border-radius: 0.75rem; box-shadow: 0 1px 3px rgba(0, 0, 0, 0.2); padding: clamp(1.25rem, 5vw, 2rem); }
h1 { font-size: 1.4rem; margin: 0 0 0.25rem; line-height: 1.25; }
h2 { font-size: 1rem; margin: 0 0 0.5rem; }
p { margin: 0 0 1rem; }
.lead { color: var(--muted); }
label { display: block; font-weight: 600; margin: 1rem 0 0.35rem; }
input { width: 100%; font: inherit; color: inherit; background: var(--surface); padding: 0.6rem 0.7rem; border: 1px solid var(--border); border-radius: 0.4rem; }
input[aria-invalid="true"] { border: 2px solid var(--error-line); }
.field-error { display: flex; gap: 0.4rem; align-items: baseline; margin: 0.5rem 0 0; color: var(--error); background: var(--error-bg); border: 1px solid var(--error-line); border-radius: 0.4rem; padding: 0.5rem 0.7rem; font-size: 0.925rem; }
.actions { display: flex; flex-wrap: wrap; gap: 0.75rem; margin-top: 1.5rem; }
button { font: inherit; font-weight: 600; padding: 0.6rem 1.1rem; min-height: 2.75rem; border-radius: 0.4rem; border: 1px solid var(--accent); cursor: pointer; }
.primary { background: var(--accent); color: var(--accent-text); }
.secondary { background: var(--surface); color: var(--accent); }
input:focus-visible, button:focus-visible, a:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.error { color: var(--error); background: var(--error-bg); border: 1px solid var(--error-line); border-radius: 0.4rem; padding: 0.6rem 0.8rem; }
.accounts { margin-top: 1.75rem; padding-top: 1.25rem; border-top: 1px solid var(--line); }
.accounts p { color: var(--muted); font-size: 0.9rem; margin-bottom: 0.75rem; }
.accounts ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.5rem; }
.accounts li { border: 1px solid var(--line); border-radius: 0.5rem; padding: 0.6rem 0.75rem; display: grid; gap: 0.2rem; font-size: 0.925rem; }
.accounts dl { margin: 0; display: grid; grid-template-columns: auto 1fr; gap: 0.15rem 0.75rem; }
.accounts dt { color: var(--muted); }
.accounts dd { margin: 0; overflow-wrap: anywhere; }
.chip { display: inline-block; font-size: 0.8rem; font-weight: 600; color: var(--chip-text); background: var(--chip-bg); border-radius: 999px; padding: 0 0.55rem; margin-right: 0.25rem; }
.none { color: var(--muted); }
a { color: var(--accent); }
.switch { margin: 1.25rem 0 0; }
.hint { color: var(--muted); font-size: 0.9rem; margin: 0.5rem 0 0; }
.notice { background: var(--chip-bg); color: var(--chip-text); border-radius: 0.4rem; padding: 0.6rem 0.8rem; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; overflow-wrap: anywhere; }
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
<header class="banner">
<p><strong>Local development sign-in</strong>
<span>This is not Auth0: a stand-in sign-in server for offline development. Never run it in production.</span></p>
</header>
<main>
${body}
</main>
</body>
</html>`;
}
