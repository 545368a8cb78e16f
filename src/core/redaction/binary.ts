/**
 * Reading a file's bytes as text for a scan. Binary files (images, archives, executables) are
 * skipped, not scanned; everything else must be read, whatever its encoding: a scan that skips
 * a UTF-16 file, or a text file with one stray NUL byte, lets its secrets through a pre-commit
 * gate.
 */

/** How much of a file the encoding and the binary test look at, like git. */
const SAMPLE = 8192;
/** A text has at most this share of control bytes (NUL included) and invalid UTF-8 bytes. */
const MAX_NON_TEXT_SHARE = 0.1;
/** In a BOM-less UTF-16 text, at least this share of the high bytes are NUL, and nearly no low byte is. */
const UTF16_HIGH_NUL_SHARE = 0.3;
const UTF16_LOW_NUL_SHARE = 0.02;

type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be';

/**
 * The text of `bytes`, or undefined when they are binary. UTF-16 is decoded (little or big
 * endian, with a byte-order mark or, without one, when the NUL bytes fall every other byte as
 * they do in UTF-16 text); a UTF-8 byte-order mark is dropped. A text with a few NUL or control
 * bytes is still a text: only a large share of them, or of bytes that are not UTF-8, makes a
 * file binary.
 */
export function decodeText(bytes: Uint8Array): string | undefined {
  const encoding = encodingOf(bytes);
  if (encoding === 'utf-8') return nonTextShare(bytes.subarray(0, SAMPLE)) > MAX_NON_TEXT_SHARE ? undefined : new TextDecoder('utf-8').decode(bytes);
  const text = new TextDecoder(encoding).decode(bytes);
  return controlShare(text.slice(0, SAMPLE / 2)) > MAX_NON_TEXT_SHARE ? undefined : text;
}

function encodingOf(bytes: Uint8Array): Encoding {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  const pairs = Math.floor(Math.min(bytes.length, SAMPLE) / 2);
  if (pairs === 0) return 'utf-8';
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < pairs * 2; i += 2) {
    if (bytes[i] === 0) evenNul++;
    if (bytes[i + 1] === 0) oddNul++;
  }
  // Latin text in UTF-16 has a NUL high byte in nearly every character, and a NUL low byte in none.
  if (oddNul >= pairs * UTF16_HIGH_NUL_SHARE && evenNul <= pairs * UTF16_LOW_NUL_SHARE) return 'utf-16le';
  if (evenNul >= pairs * UTF16_HIGH_NUL_SHARE && oddNul <= pairs * UTF16_LOW_NUL_SHARE) return 'utf-16be';
  return 'utf-8';
}

/** A control byte that text does not hold (tab, line breaks, form feed, bell, backspace and escape are text). */
function isControl(code: number): boolean {
  return code < 7 || (code > 13 && code < 32 && code !== 27);
}

/** The share of control bytes and of bytes that do not form UTF-8 in `sample`. */
function nonTextShare(sample: Uint8Array): number {
  if (sample.length === 0) return 0;
  let bad = 0;
  for (let i = 0; i < sample.length;) {
    const byte = sample[i] as number;
    if (byte < 0x80) {
      if (isControl(byte)) bad++;
      i++;
      continue;
    }
    const length = byte >= 0xc2 && byte <= 0xdf ? 2 : byte >= 0xe0 && byte <= 0xef ? 3 : byte >= 0xf0 && byte <= 0xf4 ? 4 : 0;
    let valid = length > 0;
    for (let k = 1; valid && k < length; k++) {
      const next = sample[i + k];
      // A sequence cut by the end of the sample is not held against the file.
      if (next === undefined) break;
      valid = (next & 0xc0) === 0x80;
    }
    if (valid) i += length;
    else {
      bad++;
      i++;
    }
  }
  return bad / sample.length;
}

function controlShare(text: string): number {
  if (text.length === 0) return 0;
  let control = 0;
  for (let i = 0; i < text.length; i++) if (isControl(text.charCodeAt(i))) control++;
  return control / text.length;
}
