/**
 * Checksums and measures that tell a real identifier from a random-looking string. Each one
 * removes a class of false positives: a card number must pass Luhn, an IBAN mod-97, a NIR its
 * key, a GitHub classic token its CRC32.
 */

/** Luhn (mod 10) over a string of digits. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let digit = digits.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return false;
    if (double) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** Expected IBAN lengths of the countries people at Etech meet most (SEPA and neighbours). */
const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24,
  AT: 20,
  BE: 16,
  BG: 22,
  CH: 21,
  CY: 28,
  CZ: 24,
  DE: 22,
  DK: 18,
  EE: 20,
  ES: 24,
  FI: 18,
  FR: 27,
  GB: 22,
  GI: 23,
  GR: 27,
  HR: 21,
  HU: 28,
  IE: 22,
  IS: 26,
  IT: 27,
  LI: 21,
  LT: 20,
  LU: 20,
  LV: 21,
  MC: 27,
  MT: 31,
  NL: 18,
  NO: 15,
  PL: 28,
  PT: 25,
  RO: 24,
  SE: 24,
  SI: 19,
  SK: 24,
  SM: 27,
  MA: 28,
  TN: 24,
  DZ: 26,
  SN: 28,
  CI: 28,
  CM: 27,
  MU: 30,
  TR: 26,
  UA: 29,
};

/**
 * The same lengths by the two letters' codes (A = 0 … Z = 25, first × 26 + second; 0 when the
 * country has none): the IBAN detector asks for every two letters followed by two digits, and
 * looking up a string made for the purpose (`'fr'.toUpperCase()`) as a property key cost more
 * than the rest of its check.
 */
const IBAN_LENGTH_BY_CODES = (() => {
  const table = new Uint8Array(26 * 26);
  for (const [country, length] of Object.entries(IBAN_LENGTHS)) table[(country.charCodeAt(0) - 65) * 26 + country.charCodeAt(1) - 65] = length;
  return table;
})();

/** The IBAN length of a country given by its two upper-case letters, when it is one we know. */
export function ibanLength(country: string): number | undefined {
  if (country.length !== 2) return undefined;
  const first = country.charCodeAt(0) - 65;
  const second = country.charCodeAt(1) - 65;
  if (first < 0 || first > 25 || second < 0 || second > 25) return undefined;
  return IBAN_LENGTH_BY_CODES[first * 26 + second] || undefined;
}

const COMPACT_IBAN = /^[A-Z]{2}\d{2}[A-Z0-9]+$/;

/** ISO 13616 mod-97 check of a compact IBAN (no spaces, upper case). */
export function ibanValid(iban: string): boolean {
  const expected = ibanLength(iban.slice(0, 2));
  if (expected === undefined || iban.length !== expected || !COMPACT_IBAN.test(iban)) return false;
  // The country and check digits count after the rest (read from offset 4, then 0 to 3), without
  // building the rearranged string.
  let remainder = 0;
  for (let k = 0; k < iban.length; k++) {
    const code = iban.charCodeAt((k + 4) % iban.length);
    // Letters count as two digits (A = 10 … Z = 35); fold digit by digit to stay in safe integers.
    const value = code >= 65 ? code - 55 : code - 48;
    remainder = value >= 10 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
  }
  return remainder === 1;
}

const COMPACT_NIR = /^[12]\d{4}(?:\d{2}|2[AB])\d{6}\d{2}$/;

/**
 * The key of a French NIR (numéro de sécurité sociale): 97 − (the 13 digits mod 97), where
 * Corsica's departments 2A and 2B count as 19 and 18.
 */
export function nirValid(compact: string): boolean {
  if (!COMPACT_NIR.test(compact)) return false;
  const body = compact.slice(0, 13).replace('2A', '19').replace('2B', '18');
  const key = Number(compact.slice(13));
  // The 13 digits mod 97, digit by digit (a BigInt per candidate was most of this check's cost).
  let remainder = 0;
  for (let i = 0; i < body.length; i++) remainder = (remainder * 10 + body.charCodeAt(i) - 48) % 97;
  return key === 97 - remainder;
}

/** SIREN (9 digits) and SIRET (14 digits) use Luhn, except La Poste's SIRETs (digit sum mod 5). */
export function sirenValid(digits: string): boolean {
  return /^\d{9}$/.test(digits) && luhnValid(digits);
}

export function siretValid(digits: string): boolean {
  if (!/^\d{14}$/.test(digits)) return false;
  if (digits.startsWith('356000000')) {
    let sum = 0;
    for (const char of digits) sum += Number(char);
    return sum % 5 === 0;
  }
  return luhnValid(digits);
}

let crcTable: Uint32Array | undefined;

/** CRC-32 (IEEE, as zlib) of an ASCII string. */
export function crc32(text: string): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < text.length; i++) {
    crc = (crc >>> 8) ^ (crcTable[(crc ^ text.charCodeAt(i)) & 0xff] as number);
  }
  return (crc ^ 0xffffffff) >>> 0;
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export function base62(value: number, width: number): string {
  let out = '';
  let rest = value;
  while (rest > 0) {
    out = BASE62[rest % 62] + out;
    rest = Math.floor(rest / 62);
  }
  return out.padStart(width, '0');
}

/**
 * GitHub's classic tokens (`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_`) end with the base62 CRC32 of
 * their 30 random characters, so a made-up string of the right shape is told apart.
 */
export function githubClassicTokenValid(token: string): boolean {
  if (!/^gh[pousr]_[A-Za-z0-9]{36}$/.test(token)) return false;
  return base62(crc32(token.slice(4, 34)), 6) === token.slice(34);
}

/** Shannon entropy in bits per character. */
export function shannonEntropy(text: string): number {
  if (text.length === 0) return 0;
  const counts = countsOf(text);
  let entropy = 0;
  for (const count of counts) {
    if (count === 0) continue;
    const p = count / text.length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}

/** Reused for ASCII text (nearly every value tested): no map and no allocation per call. */
const ASCII_COUNTS = new Int32Array(128);

/** How often each character (code point) occurs in `text`, in no particular order. */
function countsOf(text: string): Iterable<number> {
  ASCII_COUNTS.fill(0);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 128) {
      const counts = new Map<string, number>();
      for (const char of text) counts.set(char, (counts.get(char) ?? 0) + 1);
      return counts.values();
    }
    ASCII_COUNTS[code]!++;
  }
  return ASCII_COUNTS;
}

/** How many of: lower case, upper case, digits, other symbols, a string mixes. */
export function characterClasses(text: string): number {
  return (/[a-z]/.test(text) ? 1 : 0) + (/[A-Z]/.test(text) ? 1 : 0) + (/\d/.test(text) ? 1 : 0) + (/[^A-Za-z0-9]/.test(text) ? 1 : 0);
}

const BASE64_VALUE = /^[A-Za-z0-9+/]{4,}={0,2}$/;
const PRINTABLE_TEXT = /^[\x20-\x7e\t\r\n\u00a0-\uffff]*$/;
/** Each base64 digit's value by character code. */
const BASE64_DIGITS = (() => {
  const digits = new Uint8Array(128);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let i = 0; i < alphabet.length; i++) digits[alphabet.charCodeAt(i)] = i;
  return digits;
})();
/** Values up to this long are decoded by hand when they hold ASCII (see asciiOfBase64). */
const SHORT_BASE64 = 256;

/** The text a base64 value encodes, when it is base64 of printable UTF-8; otherwise undefined. */
export function decodedBase64(value: string): string | undefined {
  if (value.length % 4 !== 0 || !BASE64_VALUE.test(value)) return undefined;
  const decoded = (value.length <= SHORT_BASE64 ? asciiOfBase64(value) : undefined) ?? Buffer.from(value, 'base64').toString('utf8');
  return PRINTABLE_TEXT.test(decoded) && !decoded.includes('\ufffd') ? decoded : undefined;
}

/**
 * The ASCII text a base64 value encodes, or undefined when it is not base64 or encodes any byte
 * beyond ASCII: for callers that want ASCII alone (the placeholder filter), which then never
 * pay for a Buffer, not even for the random words that decode to arbitrary bytes.
 */
export function asciiBase64(value: string): string | undefined {
  if (value.length % 4 !== 0 || value.length > SHORT_BASE64 || !BASE64_VALUE.test(value)) return undefined;
  return asciiOfBase64(value);
}

/**
 * A short, well-formed base64 value decoded by hand when every byte is ASCII (what UTF-8 then
 * reads one for one), else undefined for Buffer to decode. The placeholder filter decodes nearly
 * every candidate value of every detector, and a Buffer made and read for each was most of it.
 */
function asciiOfBase64(value: string): string | undefined {
  let end = value.length;
  while (end > 0 && value.charCodeAt(end - 1) === 61) end--;
  const codes: number[] = [];
  let bits = 0;
  let buffer = 0;
  for (let i = 0; i < end; i++) {
    buffer = (buffer << 6) | (BASE64_DIGITS[value.charCodeAt(i)] as number);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      const byte = buffer >> bits;
      if (byte >= 0x80) return undefined;
      codes.push(byte);
      buffer &= (1 << bits) - 1;
    }
  }
  return String.fromCharCode(...codes);
}
