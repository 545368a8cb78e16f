import { ibanLength, ibanValid, luhnValid, nirValid, sirenValid, siretValid } from '../checks';
import { type Detector, type RawFinding, emitMatches, tick } from '../detector';

/**
 * Personal data under the RGPD, French and EU formats first. Every number-shaped detection is
 * confirmed by its checksum (IBAN mod-97, Luhn, NIR key), and identifiers that a random number
 * passes too often (SIREN, SIRET) also need a telling context or their usual spacing.
 */

/** Extensions that make `name@2x.png` a file name rather than an address. */
const FILE_TLDS = new Set(['png', 'jpg', 'jpeg', 'gif', 'svg', 'webp', 'ico', 'js', 'ts', 'css', 'scss', 'map', 'json', 'html', 'md', 'txt', 'pdf', 'zip', 'tgz', 'gz']);
/** Characters of an address's local part and domain, as lookup tables on char codes (no regex per character). */
const LOCAL_CHAR = charTable('A-Za-z0-9._%+-');
const DOMAIN_CHAR = charTable('A-Za-z0-9.-');

function charTable(ranges: string): Uint8Array {
  const table = new Uint8Array(128);
  const pattern = new RegExp(`[${ranges}]`);
  for (let code = 0; code < 128; code++) table[code] = pattern.test(String.fromCharCode(code)) ? 1 : 0;
  return table;
}

/** Beyond ASCII, letters and digits of any script belong to an internationalised address (RFC 6531). */
const NON_ASCII_WORD = /[\p{L}\p{M}\p{N}]/u;
const inTable = (table: Uint8Array, code: number) => (code < 128 ? table[code] === 1 : code !== 0xa0 && code !== 0x202f && NON_ASCII_WORD.test(String.fromCharCode(code)));

/** E-mail addresses, found from each `@` outwards (a regex anchored on words is much slower). */
/**
 * Domains reserved for documentation (RFC 2606, RFC 6761): `user@example.com` is nobody's
 * address. Other `example.*` domains (example.fr) are registered, so they stay addresses.
 */
const DOCUMENTATION_DOMAIN = /(?:^|\.)(?:example\.(?:com|net|org)|[^.]+\.(?:example|test|invalid|localhost))$/i;

/** `ssh deploy@db.prod.internal`: an account on a machine of a private network, not an address. */
const INTERNAL_TLD = /^(?:internal|lan|local|localdomain|intra|intranet|corp|home)$/i;
const REMOTE_SHELL = /\b(?:ssh|scp|sftp|rsync|mosh)\b[^\n]*$/;

/**
 * A top-level domain: ASCII letters, punycode, or letters of any script. Made once: the bundler
 * writes a pattern with `\p{…}` as `new RegExp(…)`, which inside the loop was built for every `@`.
 */
const TLD = /^(?:[A-Za-z]{2,24}|xn--[a-z0-9-]{1,59}|\p{L}{2,24})$/u;

function detectEmails(text: string, emit: (finding: RawFinding) => void): void {
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
    tick();
    let start = at;
    while (start > 0 && start > at - 64 && inTable(LOCAL_CHAR, text.charCodeAt(start - 1))) start--;
    let end = at + 1;
    while (end < text.length && end < at + 256 && inTable(DOMAIN_CHAR, text.charCodeAt(end))) end++;
    // Trailing dots and dashes end a sentence, not a domain.
    while (end > at + 1 && /[.-]/.test(text[end - 1] as string)) end--;
    while (start < at && text[start] === '.') start++;
    if (start === at || end === at + 1) continue;
    // `scheme://user:password@host` holds credentials, not an address (the URL rules see it).
    // So does `user:pass@word@host`, a password holding an unencoded @.
    if (start > 0 && /[:/@]/.test(text[start - 1] as string)) continue;
    // `git@github.com:org/repo.git` is an scp-style remote, not an address.
    if (text[end] === ':' && /[\w~]/.test(text[end + 1] ?? '')) continue;
    const domain = text.slice(at + 1, end);
    const labels = domain.split('.');
    const tld = labels[labels.length - 1] ?? '';
    if (labels.length < 2 || !TLD.test(tld) || FILE_TLDS.has(tld.toLowerCase()) || labels.some((label) => label === '')) continue;
    if (DOCUMENTATION_DOMAIN.test(domain) || (INTERNAL_TLD.test(tld) && REMOTE_SHELL.test(text.slice(Math.max(0, start - 128), start)))) continue;
    emit({ kind: 'email', start, end, rule: 'aiguard/email', confidence: 0.95 });
    at = end;
  }
}

/**
 * French numbers in their usual writings (06 12 34 56 78, 06.12.34.56.78, 0612345678,
 * +33 6 12 34 56 78, +33 (0)6 12 34 56 78, 0033…), with one separator used throughout.
 */
// The groups apart by one separator, or two spaces (as a form or a hand aligns them).
const FRENCH_PHONE = /(?<![\w+(])(?:(?:\+33|0033|\(\+33\))[ .\u00a0\u202f-]?(?:\(0\)[ .\u00a0\u202f-]?)?[1-9]|0[1-9])((?:[ \u00a0]{2}|[ .\u00a0\u202f-])?)\d{2}(?:\1\d{2}){3}(?![\w])/g;
/**
 * What says a run of digits is a phone number: without separators, `0612345678` is as often an
 * order number, a request id or a batch number in a log, so it needs one of these words before it
 * on its line (or in the header line of a table).
 */
const PHONE_CONTEXT =
  /t[ée]l[ée]?(?:phone)?|phone|mobile|portable|fax|gsm|whatsapp|sms|appel|joindre|joint|contact|num[ée]ro|n°|cell|msisdn|ligne directe|standard|astreinte|\bau\b|\bat\b|\bcall|\bdial|\breach|\bring/i;
const PHONE_CONTEXT_REACH = 80;
/** A table's column names (SQL `INSERT INTO … (…, telephone, …)`, a Markdown or CSV header) reach further. */
const PHONE_COLUMN = /t[ée]l[ée]phone|\btel\b|\bt[ée]l\.?\b|phone|mobile|portable|\bgsm\b/i;
const PHONE_COLUMN_REACH = 2_000;

/**
 * Whether a compact number has a reason to be a phone number. Column mentions are found once per
 * text (one pass, then a binary search per candidate): a search of the 2,000 characters before
 * each candidate made logs full of ids a third slower.
 */
class PhoneContext {
  private columns: number[] | undefined;

  constructor(
    private readonly text: string,
    private readonly header: boolean,
  ) {}

  allows(index: number): boolean {
    const text = this.text;
    if (this.header) return true;
    const lineStart = text.lastIndexOf('\n', index - 1) + 1;
    if (PHONE_CONTEXT.test(text.slice(Math.max(lineStart, index - PHONE_CONTEXT_REACH), index))) return true;
    // A row about a person (an e-mail address on the same line) under a phone column.
    const lineEnd = text.indexOf('\n', index);
    if (text.slice(lineStart, lineEnd === -1 ? text.length : lineEnd).includes('@')) return true;
    const columns = (this.columns ??= [...text.matchAll(new RegExp(PHONE_COLUMN.source, 'gi'))].map((match) => match.index));
    let low = 0;
    let high = columns.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((columns[middle] as number) < lineStart) low = middle + 1;
      else high = middle;
    }
    const before = columns[low - 1];
    return before !== undefined && lineStart - before <= PHONE_COLUMN_REACH;
  }
}
/** The same numbers grouped in threes after the country code: +33 746 933 927. */
const FRENCH_PHONE_THREES = /(?<![\w+])(?:\+33|0033)[ .-]?[1-9]\d{2}([ .-])\d{3}\1\d{3}(?![\w])/g;
/** Other international numbers in E.164 style: +49 30 1234567, +44 20 7946 0958, +14155550123. */
const INTERNATIONAL_PHONE = /(?<![\w+])\+(?!33)[1-9]\d{0,2}(?:[ .-]?\(\d{1,4}\))?(?:[ .-]?\d{1,5}){1,5}(?![\w])/g;

function digitCount(value: string): number {
  let count = 0;
  for (const char of value) if (char >= '0' && char <= '9') count++;
  return count;
}

/** Candidate IBANs: a country, two check digits, then letters and digits possibly in groups. */
const IBAN_CANDIDATE = /\b([A-Z]{2}|[a-z]{2})\d{2}(?:[ .\u00a0\u202f-]{0,2}\n?[ \t]{0,8}[A-Za-z0-9]){10,30}/g;
/**
 * What may separate an IBAN's groups: spaces (also no-break), dots, dashes, and one line break.
 * Tested on char codes: a regex call per character was most of the time spent on candidates,
 * and hex strings and tokens make thousands of them (`de12…`, `fr34…`).
 */
function ibanSeparator(code: number): boolean {
  return code === 0x20 || code === 0x2e || code === 0x2d || code === 0x09 || code === 0x0a || code === 0xa0 || code === 0x202f;
}

function detectIbans(text: string, emit: (finding: RawFinding) => void): void {
  IBAN_CANDIDATE.lastIndex = 0;
  for (let match = IBAN_CANDIDATE.exec(text); match !== null; match = IBAN_CANDIDATE.exec(text)) {
    tick();
    const length = ibanLength((match[1] as string).toUpperCase());
    if (length === undefined) continue;
    // Take exactly the country's number of characters, skipping the grouping separators (a
    // double space, a no-break space, a line break where the IBAN was wrapped).
    let compact = '';
    let i = match.index;
    let separators = 0;
    while (i < text.length && compact.length < length) {
      const code = text.charCodeAt(i);
      if (!ibanSeparator(code)) {
        compact += text[i] as string;
        separators = 0;
      } else if (++separators > 10 || (code === 0x0a && text.lastIndexOf('\n', i - 1) > i - separators)) break;
      i++;
    }
    compact = compact.toUpperCase();
    if (compact.length !== length || /[A-Za-z0-9]/.test(text[i] ?? '') || !ibanValid(compact)) {
      IBAN_CANDIDATE.lastIndex = match.index + 1;
      continue;
    }
    emit({ kind: 'iban', start: match.index, end: i, rule: 'aiguard/iban', confidence: 0.99 });
    IBAN_CANDIDATE.lastIndex = i;
  }
}

/** Digit runs shaped like cards; not inside a decimal number, nor inside an IBAN's groups. */
// The first digit comes before the look-behinds (which then include it): the regex engine skips
// quickly to digits, where look-behinds first were tried at every position (a third slower).
// The IBAN look-behind is bounded (an IBAN has at most eight groups after its first): unbounded,
// it walked back over every group of a long run of digits at each digit, a quadratic cost.
const CARD_CANDIDATE = /\d(?<![\d.-]\d)(?<![A-Z]{2}\d{2}(?: [A-Z0-9]{4}){0,8} \d)\d{3}([ .\u00a0-]?)\d{4,6}\1\d{4,5}(?:\1\d{1,4})?(?![\d-]|\.\d)/g;

/**
 * Cards, with two more chances: a candidate that swallowed the first group of a following number
 * (`4111 1111 1111 1111 4111 …`) is tried again without its last group; a candidate that is no
 * card at all may have swallowed the first group of one (`…3301 4111 1111 1111 1111`, the end
 * of an id before a card), so the search resumes inside it rather than after it.
 */
function detectCards(text: string, emit: (finding: RawFinding) => void): void {
  CARD_CANDIDATE.lastIndex = 0;
  for (let match = CARD_CANDIDATE.exec(text); match !== null; match = CARD_CANDIDATE.exec(text)) {
    tick();
    let value = match[0];
    if (!cardValid(value)) {
      const shorter = value.replace(/[ .\u00a0-]?\d{1,4}$/, '');
      if (shorter === value || !cardValid(shorter) || /\d/.test(text[match.index + shorter.length] ?? '')) {
        CARD_CANDIDATE.lastIndex = match.index + 1;
        continue;
      }
      value = shorter;
      CARD_CANDIDATE.lastIndex = match.index + shorter.length;
    }
    emit({ kind: 'payment-card', start: match.index, end: match.index + value.length, rule: 'aiguard/payment-card', confidence: 0.95 });
  }
}

function cardValid(value: string): boolean {
  const digits = value.replace(/[ .\u00a0-]/g, '');
  if (digits.length < 13 || digits.length > 19 || !luhnValid(digits)) return false;
  // Issuer prefixes of the cards in use, each with its lengths: Visa, Mastercard, Amex, Discover, JCB.
  const length = digits.length;
  const brandFits =
    (/^4/.test(digits) && (length === 13 || length === 16 || length === 19)) ||
    (/^(?:5[1-5]|2(?:2[2-9][1-9]|2[3-9]\d|[3-6]\d\d|7[01]\d|720))/.test(digits) && length === 16) ||
    (/^3[47]/.test(digits) && length === 15) ||
    (/^(?:6011|65|64[4-9])/.test(digits) && length >= 16) ||
    (/^35(?:2[89]|[3-8]\d)/.test(digits) && length >= 16);
  if (!brandFits) return false;
  // Grouped numbers use the card's usual groups (4-4-4-4, 4-6-5 for Amex).
  const groups = value.split(/[ .\u00a0-]/).map((group) => group.length);
  if (groups.length > 1 && !(groups.slice(0, -1).every((g) => g === 4) || groups.join('-') === '4-6-5')) return false;
  return true;
}

// Groups apart by one or two separators: a double space is as common as a single one in a form.
const NIR_CANDIDATE =
  /(?<![\d\w])[12][ .\u00a0-]{0,2}\d{2}[ .\u00a0-]{0,2}(?:0[1-9]|1[0-2]|[2-9]\d)[ .\u00a0-]{0,2}(?:\d{2}|2[AB])[ .\u00a0-]{0,2}\d{3}[ .\u00a0-]{0,2}\d{3}[ .\u00a0-]{0,2}\d{2}(?![\d\w])/g;

// A comma after the number is a CSV separator here, not a decimal one (`…,929024248,9290…`).
// Groups apart by a space or a dot (`784.179.392`, which needs a telling context like a compact number).
const SIRE_CANDIDATE = /(?<![\w.-])\d{3}([ .]?)\d{3}\1\d{3}(?:\1\d{5})?(?![\d\w]|\.\d)/g;
const SIRE_CONTEXT = /sire[nt]|rcs|n° ?tva|tva intra|immatricul|raison sociale|entreprise|soci[eé]t[eé]|company.?id/i;
/** French legal forms, case-sensitive (`sa` in lower case is a French possessive). */
const LEGAL_FORM = /\b(?:SAS|SASU|SARL|EURL|SA|SCI|SNC|SCOP|SELARL|GIE)\b/;

/**
 * The `INSERT INTO table (columns…)` statements of a SQL dump, and whether their column list
 * names a SIREN or SIRET: rows far below the statement are still its rows. Looked up with one
 * cursor, since candidates come in increasing order.
 */
class InsertColumns {
  private readonly statements: Array<{ start: number; mentions: boolean }> = [];
  private cursor = -1;

  /** `mayHold`: the scanner's literal pass found `insert into` (a text without it is not read again). */
  constructor(text: string, mayHold: boolean) {
    const insert = /\binsert\s+into\s+[^\s(]{1,128}\s*\(([^()]{1,4096})\)/gi;
    if (!mayHold || !/insert\s+into/i.test(text)) return;
    for (let match = insert.exec(text); match !== null; match = insert.exec(text)) {
      tick();
      this.statements.push({ start: match.index, mentions: SIRE_CONTEXT.test(match[1] as string) });
    }
  }

  mentionsBefore(index: number): boolean {
    while (this.cursor + 1 < this.statements.length && (this.statements[this.cursor + 1] as { start: number }).start < index) this.cursor++;
    return this.cursor >= 0 && (this.statements[this.cursor] as { mentions: boolean }).mentions;
  }
}

function detectSireneIds(text: string, mayHoldInsert: boolean, emit: (finding: RawFinding) => void): void {
  const insertColumns = new InsertColumns(text, mayHoldInsert);
  const headerMentions = SIRE_CONTEXT.test(text.slice(0, Math.max(0, text.indexOf('\n')) || 200));
  const valid: Array<{ index: number; value: string; digits: string; spaced: boolean }> = [];
  SIRE_CANDIDATE.lastIndex = 0;
  for (let match = SIRE_CANDIDATE.exec(text); match !== null; match = SIRE_CANDIDATE.exec(text)) {
    tick();
    const digits = match[0].replace(/[ .]/g, '');
    if (digits.length === 14 ? siretValid(digits) : sirenValid(digits)) {
      valid.push({ index: match.index, value: match[0], digits, spaced: match[1] === ' ' });
      continue;
    }
    // A rejected run must not hide a number that starts inside it. (A SIRET with a wrong check
    // digit is left alone as a whole, even when it begins with a valid SIREN: a number whose
    // checksum fails is not masked.)
    SIRE_CANDIDATE.lastIndex = match.index + 1;
  }
  for (const [position, candidate] of valid.entries()) {
    const { index, value, digits, spaced } = candidate;
    const isSiret = digits.length === 14;
    const lineStart = text.lastIndexOf('\n', index) + 1;
    // A SIREN next to the SIRET it begins (a company row in an export) confirms both.
    const paired = [valid[position - 1], valid[position + 1]].some(
      (other) => other !== undefined && Math.abs(other.index - index) < 120 && other.digits.length !== digits.length && (isSiret ? digits.startsWith(other.digits) : other.digits.startsWith(digits)),
    );
    const context =
      spaced || paired || headerMentions || SIRE_CONTEXT.test(text.slice(Math.max(0, index - 500), index)) || insertColumns.mentionsBefore(index) || LEGAL_FORM.test(text.slice(lineStart, index));
    if (!context) continue;
    emit({
      kind: isSiret ? 'siret' : 'siren',
      start: index,
      end: index + value.length,
      rule: isSiret ? 'aiguard/siret' : 'aiguard/siren',
      confidence: spaced || paired ? 0.9 : 0.8,
    });
  }
}

/** `01 23 45 67 89`, `06 00 00 00 00`: the shape of a number in a form or a manual, nobody's line. */
function samplePhone(value: string): boolean {
  const national = value.replace(/\D/g, '').replace(/^(?:33|0033)/, '0');
  return national.endsWith('123456789') || /^0[1-9](\d)\1{7}$/.test(national);
}

export const piiDetector: Detector = {
  id: 'pii',
  categories: ['pii'],
  // Found by the scanner's one pass (any case, any run of spaces), so that a text without a SQL
  // statement skips a case-insensitive search over the whole of it.
  literals: ['insert into'],
  detect({ text, hits }, emit) {
    if (text.includes('@')) detectEmails(text, emit);
    const phoneContext = new PhoneContext(text, PHONE_CONTEXT.test(text.slice(0, Math.min(text.indexOf('\n') === -1 ? 200 : text.indexOf('\n'), 2_000))));
    emitMatches(text, FRENCH_PHONE, emit, {
      kind: 'phone',
      rule: 'aiguard/phone-fr',
      confidence: 0.9,
      accept: (value, match) => !samplePhone(value) && (/[^\d+]/.test(value) || phoneContext.allows(match.index)),
    });
    if (text.includes('33')) emitMatches(text, FRENCH_PHONE_THREES, emit, { kind: 'phone', rule: 'aiguard/phone-fr', confidence: 0.9 });
    if (text.includes('+')) {
      emitMatches(text, INTERNATIONAL_PHONE, emit, {
        kind: 'phone',
        rule: 'aiguard/phone-e164',
        confidence: 0.85,
        accept: (value, match) => {
          const digits = digitCount(value);
          if (digits < 8 || digits > 15 || /^\+\d{1,3}$/.test(value)) return false;
          return /[^\d+]/.test(value) || phoneContext.allows(match.index);
        },
      });
    }
    detectIbans(text, emit);
    detectCards(text, emit);
    emitMatches(text, NIR_CANDIDATE, emit, { kind: 'nir', rule: 'aiguard/nir', confidence: 0.95, accept: (value) => nirValid(value.replace(/[ .\u00a0-]/g, '')) });
    detectSireneIds(text, hits.length > 0, emit);
  },
};
