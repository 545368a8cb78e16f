import * as l10n from '@vscode/l10n';

/**
 * The languages the product speaks. English is the source language: its strings are the keys
 * of the translation bundles, so it needs no bundle of its own.
 */
export type Locale = 'en' | 'fr';

/**
 * Picks the language for a terminal program from the usual POSIX variables, in their order of
 * precedence. Anything French (`fr`, `fr_FR.UTF-8`, `fr-BE`) gives French; everything else,
 * including `C` and `POSIX`, gives English.
 */
export function localeFromEnvironment(env: Readonly<Record<string, string | undefined>>): Locale {
  const value = env.LC_ALL || env.LC_MESSAGES || env.LANG || env.LANGUAGE?.split(':')[0] || '';
  return normaliseLocale(value);
}

/** Maps an editor or POSIX language tag (`fr`, `fr-ca`, `fr_FR.UTF-8`, `en-us`) to a Locale. */
export function normaliseLocale(tag: string): Locale {
  return /^fr(?:$|[-_.@])/i.test(tag.trim()) ? 'fr' : 'en';
}

/**
 * Installs a translation bundle (or none, for English) for `l10n.t` in the core. The editor
 * adapter hands over the bundle the editor loaded (`vscode.l10n.bundle`); programs outside the
 * editor use `useLocale` from `localeBundles.ts`. Both read `l10n/bundle.l10n.<locale>.json`.
 */
export function useBundle(bundle: Record<string, string> | undefined): void {
  l10n.config({ contents: bundle ?? {} });
}
