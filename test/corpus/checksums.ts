/**
 * The check digits of the identifiers the corpus fakes. The values must be format-valid so that an
 * engine that verifies checksums (as it should, to keep false positives down) still finds them.
 */
import { ALPHABET } from './random';

const CRC32_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), as zlib's crc32, of the UTF-8 bytes of `text`. */
export function crc32(text: string): number {
  let crc = 0xffffffff;
  for (const byte of Buffer.from(text, 'utf8')) crc = (CRC32_TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** `value` in base 62 (alphabet 0-9A-Za-z, most significant digit first), left-padded with '0'. */
export function toBase62(value: number, width: number): string {
  let out = '';
  let rest = value;
  do {
    out = ALPHABET.base62.charAt(rest % 62) + out;
    rest = Math.floor(rest / 62);
  } while (rest > 0);
  return out.padStart(width, '0');
}

/** The digit that, appended to `payload`, makes the whole number pass the Luhn test. */
export function luhnCheckDigit(payload: string): string {
  let sum = 0;
  // Walking from the right, the digit next to the future check digit is the first to be doubled.
  for (let i = payload.length - 1, double = true; i >= 0; i--, double = !double) {
    let digit = Number(payload.charAt(i));
    if (double) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return String((10 - (sum % 10)) % 10);
}

/** The remainder modulo 97 of a decimal string of any length. */
export function mod97(digits: string): number {
  let rest = 0;
  for (let i = 0; i < digits.length; i += 7) rest = Number(String(rest) + digits.slice(i, i + 7)) % 97;
  return rest;
}

/** Letters as IBAN and RIB computations read them: A = 10 … Z = 35, digits unchanged. */
function lettersToDigits(text: string): string {
  return text.replace(/[A-Z]/g, (letter) => String(letter.charCodeAt(0) - 55));
}

/** The two IBAN check digits (ISO 13616, mod 97-10) of a country code and a BBAN. */
export function ibanCheckDigits(country: string, bban: string): string {
  return String(98 - mod97(lettersToDigits(bban + country) + '00')).padStart(2, '0');
}

/** The French RIB key of a bank code, branch code and (digit-only) account number. */
export function frenchRibKey(bank: string, branch: string, account: string): string {
  return String(97 - ((89 * Number(bank) + 15 * Number(branch) + 3 * Number(account)) % 97)).padStart(2, '0');
}

/** The two Spanish control digits ("dígitos de control") of a bank, branch and account. */
export function spanishControlDigits(bank: string, branch: string, account: string): string {
  const weights = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6];
  const digit = (ten: string) => {
    const sum = [...ten].reduce((total, c, i) => total + Number(c) * (weights[i] as number), 0);
    const d = 11 - (sum % 11);
    return d === 11 ? 0 : d === 10 ? 1 : d;
  };
  return `${digit(`00${bank}${branch}`)}${digit(account)}`;
}

/** The Italian CIN letter of a digit-only BBAN tail (ABI, CAB and account number, 22 digits). */
export function italianCin(digits: string): string {
  // Characters in odd positions (1-based) go through this table; those in even positions count as themselves.
  const odd = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21];
  const sum = [...digits].reduce((total, c, i) => total + (i % 2 === 0 ? (odd[Number(c)] as number) : Number(c)), 0);
  return String.fromCharCode(65 + (sum % 26));
}

/** The Belgian account check (the first ten digits modulo 97, 97 instead of 0). */
export function belgianCheck(tenDigits: string): string {
  const rest = mod97(tenDigits);
  return String(rest === 0 ? 97 : rest).padStart(2, '0');
}

/**
 * The key of a French NIR (social security number): 97 minus the 13-digit number modulo 97. For a
 * birth in Corsica the department 2A or 2B counts as 19 or 18.
 */
export function nirKey(thirteen: string): string {
  const numeric = thirteen.slice(0, 5) + thirteen.slice(5, 7).replace('2A', '19').replace('2B', '18') + thirteen.slice(7);
  return String(97 - mod97(numeric)).padStart(2, '0');
}
