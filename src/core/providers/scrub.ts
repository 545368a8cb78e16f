import { Buffer } from 'node:buffer';

/**
 * Clears an API key from a text a provider or the runtime produced (an error body, a message, a
 * cause), in every form a server or library is known to print it: whole, URL-encoded, in base64
 * or base64url (alone, or inside an HTTP Basic `user:key` or `key:` credential, whatever comes
 * before it), and any fragment of those of `MIN_FRAGMENT` characters or more (a key truncated to
 * its start or end, "sk-proj-abcd…wxyz").
 */

/** The shortest piece of a key that is cleared on its own: shorter ones are too common to mean the key. */
export const MIN_FRAGMENT = 8;

const MASK = '***';

/** The text with every form of `key` replaced by `***`. */
export function scrubKey(text: string, key: string | undefined): string {
  if (key === undefined || key.length < MIN_FRAGMENT || text === '') return key !== undefined && key !== '' ? text.split(key).join(MASK) : text;
  let result = text;
  for (const form of keyForms(key)) result = maskFragments(result, form);
  // A mask inside a token (the first characters of a Basic credential, its padding) takes the token:
  // what is left around it is made of the key's bits too.
  return result.replace(/[A-Za-z0-9+/=_%*-]*\*\*\*[A-Za-z0-9+/=_%*-]*/g, MASK);
}

/** The spellings of a key to look for, longest first so that a whole form is masked before its pieces. */
export function keyForms(key: string): string[] {
  const forms = new Set<string>([key, encodeURIComponent(key), encodeURI(key)]);
  const bytes = Buffer.from(key, 'utf8');
  // In base64 a key's bytes read differently according to where they start in a group of three:
  // for each offset, the characters that encode the key's bytes alone, whatever surrounds them.
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes])
      .toString('base64')
      .replace(/=+$/, '');
    const start = offset === 0 ? 0 : 4;
    const stable = encoded.slice(start, encoded.length - (encoded.length % 4 === 0 ? 4 : encoded.length % 4));
    // The whole encoding too, as a key encoded alone ends (padding aside).
    for (const piece of offset === 0 ? [encoded, stable] : [stable]) {
      if (piece.length < MIN_FRAGMENT) continue;
      forms.add(piece);
      forms.add(piece.replace(/\+/g, '-').replace(/\//g, '_'));
    }
  }
  return [...forms].filter((form) => form.length >= MIN_FRAGMENT).sort((a, b) => b.length - a.length);
}

/**
 * Masks every run of `text` of `MIN_FRAGMENT` characters or more that is also a run of `form`,
 * longest first at each place: a prefix, a suffix or the middle of a key are all the key.
 */
function maskFragments(text: string, form: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const length = longestRunAt(text, i, form);
    if (length >= MIN_FRAGMENT) {
      if (!out.endsWith(MASK)) out += MASK;
      i += length;
    } else {
      out += text[i];
      i += 1;
    }
  }
  return out;
}

/** The length of the longest run of `form` that `text` holds at `at`. */
function longestRunAt(text: string, at: number, form: string): number {
  let best = 0;
  for (let j = form.indexOf(text[at] ?? '', 0); j >= 0; j = form.indexOf(text[at] ?? '', j + 1)) {
    let length = 0;
    while (at + length < text.length && j + length < form.length && text[at + length] === form[j + length]) length++;
    if (length > best) best = length;
  }
  return best;
}
