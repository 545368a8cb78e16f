/**
 * Folding text for matching without regard to accents: one character at a time and offset for
 * offset, so what is found in the folded text is at the same place in the original.
 */

/** Strips accents and case: the form every spelling of a name folds to. */
export function foldName(text: string): string {
  return text.normalize('NFD').replace(/\p{Mn}/gu, '').toLowerCase();
}

const foldedChars = new Map<string, string>();

/** One character without its accents, always one code unit long (U+FFFF when it has no such form). */
export function foldChar(char: string): string {
  let folded = foldedChars.get(char);
  if (folded === undefined) {
    // Ligatures fold to their first letter, keeping the text's length (names fold them the same way).
    const candidate = /[œŒ]/.test(char) ? 'o' : /[æÆ]/.test(char) ? 'a' : char.normalize('NFD').replace(/\p{Mn}/gu, '');
    folded = candidate.length === 1 ? candidate : char.length === 1 ? char : '\uFFFF';
    foldedChars.set(char, folded);
  }
  return folded;
}
