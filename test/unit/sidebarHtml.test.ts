import { strict as assert } from 'node:assert';
import { contentSecurityPolicy, escapeHtml, renderSidebarHtml } from '../../src/vscode/sidebar/html';

const input = {
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  nonce: 'bm9uY2Utdmx1ZQ==',
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.js',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/sidebar.css',
  language: 'fr',
  loadingText: 'Chargement…',
};

describe('sidebar HTML and Content Security Policy', () => {
  it('denies everything by default and allows only nonce-carrying scripts', () => {
    const csp = contentSecurityPolicy(input.cspSource, input.nonce);
    const directives = new Map(
      csp
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...values]) => [name, values]),
    );
    assert.deepEqual(directives.get('default-src'), ["'none'"]);
    assert.deepEqual(directives.get('script-src'), [`'nonce-${input.nonce}'`]);
    assert.deepEqual(directives.get('connect-src'), ["'none'"], 'the webview never talks to the network');
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
  });

  it('loads exactly one script, our bundle, with the nonce, and no inline script', () => {
    const html = renderSidebarHtml(input);
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.equal(scripts.length, 1);
    assert.match(scripts[0]?.[1] ?? '', new RegExp(`nonce="${input.nonce}"`));
    assert.match(scripts[0]?.[1] ?? '', /src="https:\/\/file\+\.vscode-resource\.vscode-cdn\.net\/ext\/dist\/webview\.js"/);
    assert.equal(scripts[0]?.[2], '', 'no inline code');
    assert.match(html, /<html lang="fr">/);
    assert.match(html, /Chargement…/);
  });

  it('escapes every interpolated value', () => {
    const html = renderSidebarHtml({ ...input, loadingText: '<img src=x onerror=alert(1)>', language: '"><script>' });
    assert.doesNotMatch(html, /<img/);
    assert.equal((html.match(/<script/g) ?? []).length, 1);
    assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;');
  });
});
