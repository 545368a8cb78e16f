import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * How the e2e switches the editor to French offline: the `languagepacks.json` entry a French
 * language pack would leave in code-server's user data, pointing at a translation file that
 * translates nothing.
 *
 * Why it is needed: in code-server the extension host's `vscode.env.language` is the workbench's
 * NLS language, which the server grants only when a language pack for the requested locale is
 * known (the locale comes from `--locale`, argv.json, the `vscode.nls.locale` cookie, then the
 * browser's Accept-Language); without one it is English whatever the browser asks. The real
 * French pack comes from the Marketplace, which these machines cannot reach. With this entry the
 * server resolves `fr`: the workbench's own labels stay in English (nothing is translated), while
 * the editor reports `fr` to extensions, so AI Guard loads `l10n/bundle.l10n.fr.json`, which is
 * what the French scenario checks. A browser context with `locale: 'fr'` asks for French.
 *
 * Returns the files for `startCodeServer({ userDataFiles })`; the translation file is written in
 * a new folder under `parent`, which the caller removes.
 */
export function frenchLanguagePackFiles(parent: string): Record<string, string> {
  const dir = mkdtempSync(join(parent, 'fr-pack-'));
  mkdirSync(join(dir, 'translations'));
  const translations = join(dir, 'translations', 'main.i18n.json');
  writeFileSync(translations, JSON.stringify({ version: '1.0.0', contents: {} }));
  const packs = {
    fr: { hash: 'aiguard-e2e-stub', label: 'français', extensions: [{ extensionIdentifier: { id: 'etech-test.stub-language-pack-fr' }, version: '1.0.0' }], translations: { vscode: translations } },
  };
  return { 'languagepacks.json': JSON.stringify(packs) };
}
