import { randomBytes } from 'node:crypto';

/**
 * The HTML shell of the sidebar and of the audit view. Pure (no `vscode` import) so that its
 * security properties are unit tested: nothing runs but our own bundle, carrying a fresh nonce,
 * and nothing is fetched from anywhere but the extension's own files.
 */
export interface SidebarHtmlInput {
  /** The webview's own origin for local resources (`webview.cspSource`). */
  cspSource: string;
  /** A fresh random value for every render (see `createNonce`). */
  nonce: string;
  scriptUri: string;
  styleUri: string;
  /** The editor's display language, for the `lang` attribute (screen readers, hyphenation). */
  language: string;
  /** Shown until the script has run; already localised. */
  loadingText: string;
  /** The document's title (the panel's tab has its own); the product name by default. */
  title?: string;
}

/** A fresh nonce for one render: 128 random bits, so no injected script can guess it. */
export function createNonce(): string {
  return randomBytes(16).toString('base64');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    "connect-src 'none'",
    "form-action 'none'",
    "frame-src 'none'",
    "base-uri 'none'",
  ].join('; ');
}

export function renderSidebarHtml(input: SidebarHtmlInput): string {
  const attr = (value: string) => escapeHtml(value);
  return `<!DOCTYPE html>
<html lang="${attr(input.language)}">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(input.cspSource, input.nonce))}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${attr(input.styleUri)}">
  <title>${escapeHtml(input.title ?? 'Etech AI Guard')}</title>
</head>
<body>
  <main id="app" aria-busy="true"><p class="muted">${escapeHtml(input.loadingText)}</p></main>
  <script nonce="${attr(input.nonce)}" src="${attr(input.scriptUri)}"></script>
</body>
</html>`;
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
