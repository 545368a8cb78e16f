/**
 * The sidebar's HTML shell. Pure (no `vscode` import) so that its security properties are unit
 * tested: nothing runs but our own bundle, carrying a fresh nonce, and nothing is fetched from
 * anywhere but the extension's own files.
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
  <title>Etech AI Guard</title>
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
