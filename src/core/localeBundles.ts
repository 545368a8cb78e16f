import frenchBundle from '../../l10n/bundle.l10n.fr.json';
import { type Locale, useBundle } from './locale';

/**
 * Makes `l10n.t` answer in `locale` outside the editor (CLI, hooks, servers). Kept apart from
 * `locale.ts` so the extension, which gets its bundle from the editor, does not embed a copy.
 */
export function useLocale(locale: Locale): void {
  useBundle(locale === 'fr' ? frenchBundle : undefined);
}
