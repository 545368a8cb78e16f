/**
 * Folding text for matching without regard to accents: one character at a time and offset for
 * offset, so what is found in the folded text is at the same place in the original.
 */

/** Strips accents and case: the form every spelling of a name folds to. */
export function foldName(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '')
    .toLowerCase();
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

/**
 * Characters that hide a secret from patterns without changing what a reader (or a model) sees:
 * invisible ones (zero-width space, joiners, word joiner, byte-order mark, soft hyphen), which the
 * fold removes; Unicode spaces (no-break, narrow no-break, figure…), which it makes plain spaces;
 * and Cyrillic and Greek letters drawn like Latin ones, which it makes Latin.
 */
const INVISIBLE = '\u00AD\u200B\u200C\u200D\u2060\uFEFF';
const SPACES = '\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u202F\u205F\u3000';
const LOOK_ALIKES: Readonly<Record<string, string>> = {
  // Cyrillic
  А: 'A',
  В: 'B',
  Е: 'E',
  К: 'K',
  М: 'M',
  Н: 'H',
  О: 'O',
  Р: 'P',
  С: 'C',
  Т: 'T',
  Х: 'X',
  У: 'Y',
  Ү: 'Y',
  І: 'I',
  Ј: 'J',
  Ѕ: 'S',
  Һ: 'h',
  а: 'a',
  е: 'e',
  о: 'o',
  р: 'p',
  с: 'c',
  у: 'y',
  х: 'x',
  і: 'i',
  ј: 'j',
  ѕ: 's',
  һ: 'h',
  ԁ: 'd',
  ԛ: 'q',
  ԝ: 'w',
  ӏ: 'l',
  // Greek
  Α: 'A',
  Β: 'B',
  Ε: 'E',
  Ζ: 'Z',
  Η: 'H',
  Ι: 'I',
  Κ: 'K',
  Μ: 'M',
  Ν: 'N',
  Ο: 'O',
  Ρ: 'P',
  Τ: 'T',
  Υ: 'Y',
  Χ: 'X',
  ο: 'o',
  ν: 'v',
  ι: 'i',
  κ: 'k',
  ρ: 'p',
};
const escape = (chars: string) => [...chars].map((char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
/** Any character the fold changes, as `\uXXXX` (a joiner in a class would join its neighbours). */
const FOLDABLE_CLASS = `[${escape(INVISIBLE + SPACES + Object.keys(LOOK_ALIKES).join(''))}]`;
const FOLDABLE_ALL = new RegExp(FOLDABLE_CLASS, 'g');
const REPLACEMENTS: Readonly<Record<string, string>> = {
  ...Object.fromEntries([...INVISIBLE].map((char) => [char, ''])),
  ...Object.fromEntries([...SPACES].map((char) => [char, ' '])),
  ...LOOK_ALIKES,
};

/**
 * The stretches of code points where the characters the fold changes lie (Latin-1's no-break
 * space and soft hyphen, Greek, Cyrillic, general punctuation's spaces and joiners…): their
 * code points with gaps under 128 filled. A class of a few ranges rather than the exact list: the
 * regex engine scans for it at about a nanosecond per character, where its search for the exact
 * list of some eighty characters, or a loop over every code unit from the first beyond ASCII,
 * cost three times as much on texts with accents (which lie in none of these stretches).
 */
const FOLDABLE_STRETCHES = (() => {
  const codes = Object.keys(REPLACEMENTS)
    .map((char) => char.charCodeAt(0))
    .sort((a, b) => a - b);
  const ranges: Array<[number, number]> = [];
  for (const code of codes) {
    const last = ranges[ranges.length - 1];
    if (last && code - last[1] < 128) last[1] = code;
    else ranges.push([code, code]);
  }
  const hex = (code: number) => `\\u${code.toString(16).padStart(4, '0')}`;
  return new RegExp(`[${ranges.map(([low, high]) => (low === high ? hex(low) : `${hex(low)}-${hex(high)}`)).join('')}]`, 'g');
})();
/** Whether each code unit is one the fold changes, by code. */
let foldable: Uint8Array | undefined;

/** Whether the text has anything to fold: a search for the stretches, each find checked in the table. */
function hasFoldable(text: string): boolean {
  const table = (foldable ??= foldableTable());
  FOLDABLE_STRETCHES.lastIndex = 0;
  while (FOLDABLE_STRETCHES.exec(text) !== null) {
    if (table[text.charCodeAt(FOLDABLE_STRETCHES.lastIndex - 1)] === 1) return true;
  }
  return false;
}

/** Whether the fold changes this code unit (the scanner's literal pass stops at one: see scanner.ts). */
export function changedByFold(code: number): boolean {
  return (foldable ??= foldableTable())[code] === 1;
}

function foldableTable(): Uint8Array {
  const table = new Uint8Array(0x10000);
  for (const char of Object.keys(REPLACEMENTS)) table[char.charCodeAt(0)] = 1;
  return table;
}

/**
 * Text folded for matching. Spaces and letters are replaced one for one, so only removed
 * characters move offsets: `removedAt` lists, ascending, the offset in the folded text before
 * which each removed character stood (repeated when several stood there).
 */
export interface FoldedText {
  text: string;
  removedAt: readonly number[];
}

/**
 * The text as the detectors should see it, or undefined when it has nothing to fold (the usual
 * case, which then costs one search for a character class).
 */
export function foldForMatching(text: string): FoldedText | undefined {
  if (!hasFoldable(text)) return undefined;
  const removedAt: number[] = [];
  const folded = text.replace(FOLDABLE_ALL, (char: string, offset: number) => {
    const replacement = REPLACEMENTS[char] ?? char;
    if (replacement === '') removedAt.push(offset - removedAt.length);
    return replacement;
  });
  return { text: folded, removedAt };
}

/** The offset in the original of the folded text's code unit `index`. */
function originOf(folded: FoldedText, index: number): number {
  // The number of removed characters that stood before or at `index`, by binary search.
  let low = 0;
  let high = folded.removedAt.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((folded.removedAt[middle] as number) <= index) low = middle + 1;
    else high = middle;
  }
  return index + low;
}

/**
 * A span of the folded text as a span of the original: from its first code unit's origin to just
 * after its last one's, so that anything the fold removed inside it is covered too.
 */
export function unfoldSpan(folded: FoldedText, start: number, end: number): { start: number; end: number } {
  const first = originOf(folded, start);
  return { start: first, end: end > start ? originOf(folded, end - 1) + 1 : first };
}
