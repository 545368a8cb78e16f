import { asciiBase64 } from './checks';

/**
 * Values that look like secrets but are not: placeholders, references to where the real value
 * lives, documentation examples and our own redaction placeholders. Masking them would make
 * prompts useless, and people would switch the redactor off.
 */

/** Our own placeholders: `[[AWS_SECRET_KEY_1]]`. Never detected again (idempotence). */
export const REDACTION_PLACEHOLDER = /\[\[[A-Z][A-Z0-9_]*_\d+\]\]/;
const ONLY_PLACEHOLDER = new RegExp(`^${REDACTION_PLACEHOLDER.source}$`);

/** Keys published in documentation, which providers refuse, so they are not secrets. */
const DOCUMENTATION_EXAMPLES = new Set(['AKIAIOSFODNN7EXAMPLE', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY', 'AKIAI44QH8DHBEXAMPLE']);

const PLACEHOLDER_WORDS =
  /^(?:change[-_ ]?me|changeit|password|passwd|pass|pwd|mdp|motdepasse|secret|token|api[-_]?key|example|sample|dummy|test|testing|fake|foo|bar|baz|null|nil|none|undefined|empty|true|false|todo|tbd|xxx+|placeholder|redacted|hidden|masked|secret123|password123|admin|root|user|guest|default|(?:your|my|insert|enter|replace|put|paste|add|votre|ton|mon|saisir|remplacer)[-_ ][\w-]*|[aà][-_ ](?:renseigner|d[eé]finir|compl[eé]ter|remplir|changer|modifier|fournir)|[eé]crire[-_ ]ici)[?]?$/i;
/** `yourToken`, `MySecretKey`, `YOURAPIKEY`: a prefix then only letters (a real `myS3cret!` has more). */
const PREFIXED_WORDS = /^(?:[Yy]our|[Mm]y|[Ii]nsert|[Ee]nter|[Rr]eplace|[Pp]ut)[A-Z][A-Za-z]*$|^(?:YOUR|MY)[A-Z]+$/;

const ACCOUNT_NAMES = /^(?:admin|root|user|guest|default|test|postgres|sa)$/i;

/** `…TokenHere`, `api-key-here`, `SECRET_GOES_HERE`: a stand-in that says where the value goes. */
const GOES_HERE = /(?:key|token|secret|password|pass|pwd|value|id|credential|credentials)[-_ ]?(?:goes[-_ ]?)?here$/i;

/** Template and variable references of every common syntax, the whole value. */
const TEMPLATE_REFERENCE = new RegExp(
  [
    '\\$\\{\\{.*\\}\\}', // ${{ secrets.X }} (GitHub Actions)
    '\\$\\{[^}]*\\}', // ${X}, ${X:-default}
    '\\$\\(?[A-Za-z_][A-Za-z0-9_]*\\)?', // $X, $(X)
    '\\$\\d{1,2}', // $1 (a regex replacement)
    '\\{\\{.*\\}\\}', // {{ x }} (Helm, Jinja, Mustache)
    '\\{%.*%\\}', // {% x %}
    '<%=?.*%>', // <%= x %> (ERB, EJS)
    '%\\(?[A-Za-z_][A-Za-z0-9_]*\\)?s?%?', // %X%, %(x)s
    '%[A-Za-z_][A-Za-z0-9_]*\\([^()%]*\\)%', // %env(DB_PASSWORD)%, %env(resolve:X)% (Symfony)
    '<[^<>]*>', // <password>
    '@[A-Za-z_][A-Za-z0-9_.-]*@', // @x@, @db.password@ (Maven filtering)
    '@@[A-Za-z_]+@@',
    '#\\{[^}]*\\}', // #{x} (Ruby, Octopus)
    '__[A-Z][A-Z0-9_]*__', // __TOKEN__ (replace-tokens tasks)
    '\\[[^\\]]*\\]', // [x]
    '\\{[A-Za-z_][A-Za-z0-9_.-]*\\}', // {apiKey}
  ].join('|'),
);
const ONLY_TEMPLATE_REFERENCE = new RegExp(`^(?:${TEMPLATE_REFERENCE.source})$`);

// The tests of isPlaceholderText, made once: it runs on every candidate value of every detector.
const WRITTEN_AFTER_EXAMPLE = /EXAMPLE(?:KEY)?$|^EXAMPLE(?:[-_][A-Z_]*)?$/;
const CLOUDFORMATION_REFERENCE = /^!(?:Ref|Sub|GetAtt|ImportValue|FindInMap|Join|Select|If)\b/;
const ENVIRONMENT_REFERENCE = /^(?:process\.env|os\.environ|os\.getenv|System\.getenv|Environment\.GetEnvironmentVariable|env\(|ENV\[|getenv\(|secrets\.|vars\.|var\.|local\.|data\.|module\.)/;
const ONE_REPEATED = /^(.)\1{3,}$/;
const ONLY_MASKING = /^[*x.#]+$/i;
const BASE64_MARK = /[+/]/;
const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;
/** The typed sequences of madeUp, found anywhere; where they start is checked apart. */
const TYPED_SEQUENCE = /abc123|123456|abcdef|012345/gi;

/**
 * True when `value` is a stand-in rather than a secret: `YOUR_API_KEY`, `changeme`, `<token>`,
 * `${DB_PASSWORD}`, `{{ .Values.password }}`, `process.env.X`, `****`, `xxxx`, `…`.
 */
export function isPlaceholderValue(value: string): boolean {
  return isPlaceholderText(value, true);
}

function isPlaceholderText(value: string, decode = false): boolean {
  const trimmed = value.trim();
  if (trimmed.length === 0) return true;
  if (ONLY_PLACEHOLDER.test(trimmed)) return true;
  // The documentation's keys, and others written after them (`AKIA…EXAMPLE`, `…EXAMPLEKEY`); a
  // password that merely contains the word is still a password.
  // `EXAMPLE_TOKEN` is a stand-in, `EXAMPLE9698AFLH!` someone's password.
  // (The word is looked for first: the pattern, unanchored at its start, is tried at every offset.)
  if (DOCUMENTATION_EXAMPLES.has(trimmed) || (trimmed.includes('EXAMPLE') && WRITTEN_AFTER_EXAMPLE.test(trimmed))) return true;
  if (PLACEHOLDER_WORDS.test(trimmed) || PREFIXED_WORDS.test(trimmed) || (endsWithHere(trimmed) && GOES_HERE.test(trimmed))) return true;
  if (ONLY_TEMPLATE_REFERENCE.test(trimmed)) return true;
  // Where the value comes from rather than the value: process.env.X, os.environ["X"], getenv(…).
  // CloudFormation's intrinsic functions name a parameter or a resource: `!Ref DbPassword`.
  if (CLOUDFORMATION_REFERENCE.test(trimmed)) return true;
  if (ENVIRONMENT_REFERENCE.test(trimmed)) return true;
  // A run of one repeated character (****, xxxxxx, 000000, ....) or an ellipsis.
  if (ONE_REPEATED.test(trimmed) || trimmed === '...' || trimmed === '…') return true;
  // Masked in the middle (sk-****abcd) or made of x and dashes (xxxx-xxxx).
  if (maskedRun(trimmed)) return true;
  // Only masking characters: `*`, `xx`, `x.x`, `####`.
  if (ONLY_MASKING.test(trimmed)) return true;
  if (madeUp(trimmed)) return true;
  // A stand-in in base64 (`Y2hhbmdlbWU=` is `changeme`), as Kubernetes Secrets and Basic headers hold them.
  if (decode && trimmed.length <= 128 && (trimmed.endsWith('=') || BASE64_MARK.test(trimmed) || trimmed.length % 4 === 0)) {
    // Only ASCII can pass the test below: a value that decodes to other bytes is not decoded.
    const decoded = asciiBase64(trimmed);
    // An account name (`root`, `admin`) in base64 is a Secret's user name, kept masked with its password.
    if (decoded !== undefined && decoded.length >= 3 && PRINTABLE_ASCII.test(decoded) && !ACCOUNT_NAMES.test(decoded) && isPlaceholderText(decoded)) return true;
  }
  return false;
}

/**
 * `/\*{3,}|x{6,}|X{6,}/` as three native searches: the pattern, unanchored, was tried at every
 * offset of every candidate value of every detector.
 */
function maskedRun(value: string): boolean {
  return value.includes('***') || value.includes('xxxxxx') || value.includes('XXXXXX');
}

/**
 * Whether a value ends with `here` in any case, before GOES_HERE is tried: anchored only at its
 * end, that pattern is tried at every offset of a value, and nearly no value ends so.
 */
function endsWithHere(value: string): boolean {
  const at = value.length - 4;
  // `| 0x20` makes an ASCII letter lower case and no other character one of these.
  return at >= 0 && (value.charCodeAt(at) | 0x20) === 0x68 && (value.charCodeAt(at + 1) | 0x20) === 0x65 && (value.charCodeAt(at + 2) | 0x20) === 0x72 && (value.charCodeAt(at + 3) | 0x20) === 0x65;
}

/** Whether a value, separators aside, is made of at most four distinct characters (case ignored). */
function fewDistinct(value: string): boolean {
  const seen: number[] = [];
  let length = 0;
  for (let i = 0; i < value.length; i++) {
    let code = value.charCodeAt(i);
    if (code === 45 || code === 95 || code === 46 || code === 58 || code === 47 || code === 43 || code === 61) continue;
    if (code >= 65 && code <= 90) code += 32;
    length++;
    if (!seen.includes(code)) {
      if (seen.length === 4) return false;
      seen.push(code);
    }
  }
  return length >= 10;
}

/**
 * Values typed by a person to show a shape, not drawn at random: a prefix then a few characters
 * repeated (`xoxb-xxxx-xxxx`, `glpat-0000000000`), or an obvious sequence (`abc123`, `123456`,
 * `abcdef`), which a random token of this length holds with a probability under one in a million.
 */
function madeUp(value: string): boolean {
  if (value.length >= 10 && fewDistinct(value)) return true;
  // After a provider prefix, one character repeated (`sk-ant-api03-XXXXXXXXXXXX`, `glpat-0000000000`).
  if (endsInRepeatAfterSeparator(value)) return true;
  // Sequences only count in long values, and where a typed body starts (`sk-ant-api03-abc123…`,
  // `your-key-123456…`): a person's password may well end in 123456. Keyboard rows are left
  // out: `Azerty` (the French keyboard) starts many a real passphrase.
  return value.length >= 20 && startsTypedSequence(value);
}

const isSeparator = (code: number) => code === 45 || code === 95 || code === 46; // - _ .
const isAlphanumeric = (code: number) => (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);

/**
 * `/[-_.]([A-Za-z0-9])\1{7,}$/` walked back from the end: the value ends in a run of at least
 * eight of one letter or digit, right after a separator. (The regex, unanchored at its start,
 * was tried at every offset of every candidate value: a fifth of the filter's time.)
 */
export function endsInRepeatAfterSeparator(value: string): boolean {
  let i = value.length - 1;
  const last = value.charCodeAt(i);
  if (i < 8 || !isAlphanumeric(last)) return false;
  while (i > 0 && value.charCodeAt(i - 1) === last) i--;
  return value.length - i >= 8 && i > 0 && isSeparator(value.charCodeAt(i - 1));
}

/** `/(?:^|[-_.])(?:abc123|123456|abcdef|012345)/i`: the sequence's occurrences, then where each starts. */
export function startsTypedSequence(value: string): boolean {
  TYPED_SEQUENCE.lastIndex = 0;
  for (let match = TYPED_SEQUENCE.exec(value); match !== null; match = TYPED_SEQUENCE.exec(value)) {
    if (match.index === 0 || isSeparator(value.charCodeAt(match.index - 1))) return true;
    // An occurrence may start inside the one just refused (`x0123456`): look again one further.
    TYPED_SEQUENCE.lastIndex = match.index + 1;
  }
  return false;
}

const HELD_TEMPLATE_REFERENCE = /\$\{[^}\n]{1,128}\}|\{\{[^}\n]{1,128}\}\}|%\([A-Za-z_][A-Za-z0-9_]{0,63}\)s|<%=?[^%\n]{1,128}%>/;

/**
 * Whether a value holds a template reference anywhere (`postgres://%(user)s:%(password)s@…`,
 * `https://${USER}:${PASS}@…`): for findings of rules that report a whole URL or block, where the
 * secret's part is such a reference.
 */
export function holdsTemplateReference(value: string): boolean {
  return HELD_TEMPLATE_REFERENCE.test(value);
}

/** For `accept` callbacks: the value is not a stand-in. */
export function notPlaceholder(value: string): boolean {
  return !isPlaceholderValue(value);
}
