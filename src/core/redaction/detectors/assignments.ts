import { characterClasses, githubClassicTokenValid, shannonEntropy } from '../checks';
import { type Detector, emitMatches, type FileKind, type RawFinding, tick } from '../detector';
import { isPlaceholderValue } from '../filters';
import type { Kind } from '../kinds';
import type { LiteralHit } from '../literalIndex';

/**
 * Secrets assigned to a name that says what they are, in code, `.env`, YAML, JSON, properties,
 * Terraform and shell: `password = "…"`, `DB_PASSWORD=…`, `"apiKey": "…"`, `token: …`,
 * `export AUTH_TOKEN='…'`, `private static final String PASSWORD = "…";`.
 *
 * For speed the search starts from the keyword that ends the name (followed by a separator),
 * then walks left to the start of the name and right over the separator and the value, instead
 * of a regex that would backtrack over every identifier in the file.
 */

/**
 * Words a name may end with after its secret word and still name that secret: an environment,
 * a number, a version (`DB_PASSWORD_PROD`, `PASSWORD2`, `SECRET_KEY_BASE`, `ADMIN_PWD_V2`), or the
 * account or service it opens, which French names put last (`mdp_admin`, `mot_de_passe_bdd`,
 * `password_smtp`). Only these: most
 * words after a secret word make a name about the secret rather than the secret itself
 * (`TOKEN_TYPE`, `PASSWORD_POLICY`, `KEY_ID`).
 */
const NAME_SUFFIXES =
  'prod|production|prd|dev|develop|development|staging|stage|stg|test|qa|uat|preprod|recette|rec|local|int|old|new|current|prev|previous|backup|base|plain|clear|cleartext|raw|value|admin|root|bdd|db|sql|ftp|sftp|smtp|ldap|vpn|wifi';
const NAME_SUFFIX_WORDS = new Set(NAME_SUFFIXES.split('|'));
const KEY_END = new RegExp(
  `(?:passe|pass(?:word|wd|phrase)?|pwd|mdp|secr[eè]te?|token|jeton|key|credentials?)(?:[_.-]?(?:v?\\d{1,3}|(?:${NAME_SUFFIXES})(?![a-z])))?(?=["']?\\s*(?::=|=>|=(?!=)|:(?![:/])))`,
  'iy',
);
/** The words KEY_END starts with, found by the scanner's literal pass; KEY_END is tried at each. */
const KEY_WORDS = ['pass', 'pwd', 'mdp', 'secret', 'token', 'jeton', 'key', 'credential'];
const OTHER_LITERALS = ['authorization', 'AKIA', 'ASIA'];

/** Words that, as the last part of a name, mean its value is a secret. */
const SECRET_WORDS = new Set(['password', 'passwd', 'passphrase', 'pass', 'pwd', 'secret', 'token', 'credential', 'credentials', 'jeton', 'secrete', 'secrète']);
/** Password words, French ones included (`mot_de_passe`, `motDePasse`, `mdp`). */
const PASSWORD_WORDS = new Set(['password', 'passwd', 'passphrase', 'pass', 'pwd', 'mdp', 'motdepasse']);
/** A name written as one word that ends with a secret word: `PGPASSWORD`, `mysqlpwd`, `dbpassword`. */
const COMPOUND_SECRET = /^[a-z]{2,12}?(password|passwd|pwd|secret|token|apikey)$/;
/** `key` alone is everywhere in code; only these qualifiers make it a secret. */
const KEY_QUALIFIERS = new Set([
  'api',
  'access',
  'secret',
  'private',
  'client',
  'master',
  'encryption',
  'signing',
  'account',
  'subscription',
  'storage',
  'app',
  'auth',
  'service',
  'license',
  'sas',
  'shared',
  'primary',
  'secondary',
  'openai',
  'azure',
  'deploy',
  'webhook',
  'hmac',
  'jwt',
  'session',
  'cookie',
  'admin',
  'root',
  'registry',
  'consumer',
  'integration',
  'partner',
  'merchant',
  'bot',
  'oauth',
  'crypto',
  'cipher',
  'aes',
]);

/** `…Key` names of keys that look things up rather than open them. */
const INDEX_KEY_QUALIFIERS = new Set([
  'cache',
  'sort',
  'partition',
  'foreign',
  'index',
  'row',
  'idempotency',
  'lookup',
  'map',
  'dedup',
  'dedupe',
  'routing',
  'shard',
  'group',
  'object',
  'file',
  'bucket',
  'message',
  'translation',
  'i18n',
  'public',
  'hot',
  'query',
  'react',
  'list',
  'item',
  'unique',
  'composite',
  'natural',
  'surrogate',
  'hash',
  'checksum',
  'etag',
]);

/**
 * Splits `DB_PASSWORD`, `dbPassword`, `db.password`, `x-api-key` into lower-case words: a word
 * ends at white space, `_`, `.` or `-`, and before a capital that follows a small letter or a
 * digit. One walk over the name (a replace, a split, a filter and a map made four arrays or
 * strings for every name of every candidate).
 */
function nameWords(name: string): string[] {
  const words: string[] = [];
  let start = 0;
  let previous = -1;
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    if (code === 95 || code === 46 || code === 45 || (code < 128 ? code === 32 || (code >= 9 && code <= 13) : WHITE_SPACE.test(name[i] as string))) {
      if (i > start) words.push(name.slice(start, i).toLowerCase());
      start = i + 1;
    } else if (code >= 65 && code <= 90 && ((previous >= 97 && previous <= 122) || (previous >= 48 && previous <= 57))) {
      if (i > start) words.push(name.slice(start, i).toLowerCase());
      start = i;
    }
    previous = code;
  }
  if (name.length > start) words.push(name.slice(start).toLowerCase());
  return words;
}
const WHITE_SPACE = /\s/;

type NameKind = 'password' | 'secret' | 'key';

function isNameSuffix(word: string): boolean {
  return NAME_SUFFIX_WORDS.has(word) || /^v?\d{1,3}$/.test(word);
}

function classify(name: string): { kind: NameKind } | undefined {
  const words = nameWords(name);
  // `DB_PASSWORD_PROD`, `PASSWORD2`: the suffix says which one, the word before what it is.
  while (words.length > 1 && isNameSuffix(words[words.length - 1] as string)) words.pop();
  const trailingDigits = /^([a-z]+?)\d{1,3}$/.exec(words[words.length - 1] ?? '');
  if (trailingDigits) words[words.length - 1] = trailingDigits[1] as string;
  // `mot_de_passe`, `motDePasse`: one French word in three.
  if (words.length >= 3 && words.slice(-3).join('') === 'motdepasse') words.splice(-3, 3, 'motdepasse');
  const last = words[words.length - 1];
  if (last === undefined) return undefined;
  if (PASSWORD_WORDS.has(last)) return { kind: 'password' };
  if (SECRET_WORDS.has(last)) return { kind: 'secret' };
  if (last === 'apikey') return { kind: 'secret' };
  const compound = COMPOUND_SECRET.exec(last)?.[1];
  if (compound !== undefined) return { kind: PASSWORD_WORDS.has(compound) ? 'password' : 'secret' };
  if (last === 'key') {
    const previous = words[words.length - 2];
    if (previous !== undefined && (KEY_QUALIFIERS.has(previous) || previous === 'apikey')) return { kind: 'secret' };
    // Any other `…Key` counts only when its value is unmistakably random (see plausibleSecret);
    // keys that index something (`CACHE_KEY`, `sortKey`) never do.
    if (previous !== undefined && !INDEX_KEY_QUALIFIERS.has(previous)) return { kind: 'key' };
  }
  return undefined;
}

/**
 * A name that says what it holds only with the words around it: `mot de passe : …` written as
 * words (a mail, notes), and a bare `Key` in a provider's section (`"AzureOpenAI": { …, "Key": … }`),
 * which counts as a `…Key` (its value must be unmistakably random).
 */
function contextualName(text: string, name: string, nameStart: number): { kind: NameKind } | undefined {
  if (/^passe$/i.test(name) && /\bmot[ \t]+de[ \t]+$/i.test(text.slice(Math.max(0, nameStart - 16), nameStart))) return { kind: 'password' };
  if (/^key$/i.test(name) && /azure|openai|cognitive|translator|speech|search|maps/i.test(text.slice(Math.max(0, nameStart - 256), nameStart))) return { kind: 'key' };
  return undefined;
}

/** Files where an unquoted value after `=` or `:` is a literal rather than an expression. */
const LITERAL_BARE_VALUES: ReadonlySet<FileKind> = new Set(['env', 'properties', 'yaml', 'shell', 'text']);

interface ParsedValue {
  start: number;
  /** What the value is (the pieces of a concatenation joined); its span may be longer. */
  value: string;
  quoted: boolean;
  /** Where the value's span ends, when it is not `start + value.length` (concatenated, folded). */
  end?: number;
}

const endOf = (parsed: ParsedValue) => parsed.end ?? parsed.start + parsed.value.length;

/**
 * Where the line holding an offset starts, looked for at most 512 characters back (the window's
 * start on a longer line): a search per value over one long line would make a scan quadratic.
 */
function lineStartNear(text: string, index: number): number {
  const from = Math.max(0, index - 512);
  return text.slice(from, index).lastIndexOf('\n') + 1 + from;
}

/** Files where a value may be folded over the lines below it (YAML, and YAML pasted as text). */
const FOLDING_FILES: ReadonlySet<FileKind> = new Set(['yaml', 'text']);

/**
 * A quoted string from its opening quote: its content and where its closing quote is, or
 * nothing. A string ends on its line, except in YAML, where a quoted scalar may go on over a few
 * lines (`"abc` then `  def"`). `\"` inside a string (JSON in JSON: notebooks, log lines) opens a
 * string whose quotes are escaped.
 */
function readQuoted(text: string, at: number, fileKind: FileKind): { start: number; close: number; closeLength: number } | undefined {
  const escaped = text[at] === '\\';
  const quote = text[escaped ? at + 1 : at] as string;
  const start = at + (escaped ? 2 : 1);
  // Only in YAML itself: in a text, a quote left open on its line is more often prose or code.
  const lineBreaks = fileKind === 'yaml' && !escaped ? 3 : 0;
  let breaks = 0;
  let j = start;
  while (j < text.length && j - start < 4096) {
    const c = text[j];
    if (escaped ? c === '\\' && text[j + 1] === quote : c === quote) return { start, close: j, closeLength: escaped ? 2 : 1 };
    if (c === '\n' && ++breaks > lineBreaks) return undefined;
    j += !escaped && c === '\\' ? 2 : 1;
  }
  return undefined;
}

/**
 * After a string literal, the next one it is joined to, if any: `"pass" + "word"` (JS, Java, C#,
 * Python), `'pass' . 'word'` (PHP, Perl), `'pass' || 'word'` (SQL), `"pass" & "word"` (VB),
 * `"pass" .. "word"` (Lua), and side by side (`'pass' 'word'`: Python and C), on one line or
 * with the operator starting the next. Returns the opening quote's offset.
 */
const CONCATENATION = /^[ \t]*(?:\r?\n[ \t]*)?(?:(?:\+|\.\.?|\|\||&)[ \t]*(?:\r?\n[ \t]*)?)?(?=\\?["'`])/;

function nextPiece(text: string, after: number, quote: string, escaped: boolean, fileKind: FileKind): number | undefined {
  const gap = CONCATENATION.exec(text.slice(after, after + 64));
  if (!gap) return undefined;
  const at = after + gap[0].length;
  if ((text[at] === '\\') !== escaped || text[escaped ? at + 1 : at] !== quote) return undefined;
  // Side by side with no operator only joins in code (and code pasted as text); elsewhere two
  // strings in a row are two values (`"a" "b"` in a shell command is two arguments).
  const operator = /[+.|&]/.test(gap[0]);
  if (!operator && fileKind !== 'code' && fileKind !== 'text') return undefined;
  // Side by side over a line break is a concatenation only inside parentheses (Python's
  // `x = ('abc'` / `'def')`): a line that starts with a string is otherwise a new statement or
  // a list's next item.
  if (!operator && gap[0].includes('\n') && !text.slice(lineStartNear(text, after), after).includes('(')) return undefined;
  return at;
}

/** A quoted value and the literals concatenated to it, as one value spanning them all. */
function readQuotedValue(text: string, at: number, fileKind: FileKind): ParsedValue | undefined {
  const first = readQuoted(text, at, fileKind);
  if (!first) return undefined;
  const escaped = text[at] === '\\';
  const quote = text[escaped ? at + 1 : at] as string;
  let value = text.slice(first.start, first.close);
  let end = first.close;
  let after = first.close + first.closeLength;
  for (let pieces = 1; pieces < 16; pieces++) {
    const next = nextPiece(text, after, quote, escaped, fileKind);
    if (next === undefined) break;
    const piece = readQuoted(text, next, fileKind);
    if (!piece || piece.close === piece.start) break;
    value += text.slice(piece.start, piece.close);
    end = piece.close;
    after = piece.close + piece.closeLength;
  }
  // A YAML scalar folded over lines is judged on its characters (the fold is not part of it).
  return { start: first.start, value: value.replace(/[ \t]*\r?\n[ \t]*/g, ''), quoted: true, end };
}

/**
 * A YAML plain scalar goes on over the lines below that are indented more than its key and are
 * not themselves a key, an item or a comment (`password: abc` then `    def`). Returns where the
 * last such line ends.
 */
function foldedEnd(text: string, keyLineStart: number, valueEnd: number): number {
  const indent = /^[ \t]*/.exec(text.slice(keyLineStart, keyLineStart + 256))?.[0].length ?? 0;
  let end = valueEnd;
  for (let lines = 0; lines < 8; lines++) {
    if (text[end] !== '\n' && !(text[end] === '\r' && text[end + 1] === '\n')) break;
    const lineStart = end + (text[end] === '\r' ? 2 : 1);
    const lineEnd = text.indexOf('\n', lineStart);
    const line = text.slice(lineStart, lineEnd === -1 ? Math.min(text.length, lineStart + 1024) : Math.min(lineEnd, lineStart + 1024)).replace(/\r$/, '');
    const content = /^([ \t]+)(\S+)[ \t]*$/.exec(line);
    if (!content || (content[1] as string).length <= indent) break;
    const word = content[2] as string;
    if (/^(?:[-#&*!|>]|\.\.\.)/.test(word) || /:$/.test(word)) break;
    end = lineStart + line.length;
  }
  return end;
}

/** Reads the separator and the value after a name, or nothing when it is not an assignment. */
function readValue(text: string, from: number, fileKind: FileKind): ParsedValue | undefined {
  let i = from;
  if (text[i] === '"' || text[i] === "'") i++;
  while (text[i] === ' ' || text[i] === '\t') i++;
  if (text.startsWith(':=', i) || text.startsWith('=>', i)) i += 2;
  else if (text[i] === '=' || text[i] === ':') i++;
  else return undefined;
  while (text[i] === ' ' || text[i] === '\t') i++;
  // A type annotation between the name and the value (TypeScript, Kotlin, Scala, Python hints).
  if (text[i - 1] !== '=' && fileKind === 'code') {
    const annotation = /^[A-Za-z_][\w.<>[\]| ]{0,40}?\s*=(?!=)\s*/.exec(text.slice(i, i + 64));
    if (annotation) i += annotation[0].length;
  }
  // A string in parentheses, as Python writes one split over lines: `x = ('abc'` / `'def')`.
  if (text[i] === '(' && (fileKind === 'code' || fileKind === 'text')) {
    const inner = /^\([ \t]*(?=["'])/.exec(text.slice(i, i + 16));
    if (inner) i += inner[0].length;
  }
  const quote = text[i];
  if (quote === '"' || quote === "'" || quote === '`' || (quote === '\\' && (text[i + 1] === '"' || text[i + 1] === "'"))) {
    return readQuotedValue(text, i, fileKind);
  }
  if (!LITERAL_BARE_VALUES.has(fileKind)) return undefined;
  // An Ansible vault (`!vault |`) is ciphertext; a YAML core tag (`!!str …`) is not the value.
  // (Other local tags stay: CloudFormation's `!Ref Name` is a reference the placeholder rules know.)
  if (/^!vault[ \t]/.test(text.slice(i, i + 8))) return undefined;
  const tag = /^!![a-z]{1,16}[ \t]+/.exec(text.slice(i, i + 24));
  if (tag) i += tag[0].length;
  const block = blockScalarLine(text, i);
  if (block) return block;
  const start = i;
  let j = start;
  while (j < text.length && !endsBareValue(text, j)) j++;
  // A YAML or shell comment after the value is not part of it.
  const value = text.slice(start, j);
  const end = FOLDING_FILES.has(fileKind) && value.length > 0 ? foldedEnd(text, lineStartNear(text, start), j) : j;
  return end === j ? { start, value, quoted: false } : { start, value, quoted: false, end };
}

/** `/[\s"'`,;]/` on the code unit at `index`, without a regex call per character of every value. */
function endsBareValue(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  if (code < 128) return code === 32 || (code >= 9 && code <= 13) || code === 34 || code === 39 || code === 96 || code === 44 || code === 59;
  return WHITE_SPACE.test(text[index] as string);
}

/** Whether the code unit at `index` may be part of a name (`[A-Za-z0-9_.-]`). */
function inName(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95 || code === 46 || code === 45;
}

/**
 * A YAML block scalar (`password: |`, `key: >-`): its value is the first line of the block
 * below (a secret is one line; the rest of a multi-line block is a certificate or a script,
 * which other rules see).
 */
function blockScalarLine(text: string, at: number): ParsedValue | undefined {
  const indicator = /^[|>][-+]?[1-9]?[ \t]*(?:#[^\n]*)?(?=\r?\n)/.exec(text.slice(at, at + 64));
  if (!indicator) return undefined;
  const lineStart = text.indexOf('\n', at) + 1;
  const lineEnd = text.indexOf('\n', lineStart);
  const line = text.slice(lineStart, lineEnd === -1 ? Math.min(text.length, lineStart + 1024) : Math.min(lineEnd, lineStart + 1024)).replace(/\r$/, '');
  const content = /^([ \t]+)(\S(?:[^\n]*\S)?)[ \t]*$/.exec(line);
  if (!content) return undefined;
  return { start: lineStart + (content[1] as string).length, value: content[2] as string, quoted: true };
}

/** Whether an assigned value looks like a real secret rather than a name, a path or a number. */
function plausibleSecret(value: string, nameKind: NameKind, quoted = false, fileKind: FileKind = 'text'): boolean {
  if (isPlaceholderValue(value)) return false;
  if (value.includes('://')) return false;
  if (/\s/.test(value)) return sentencePassword(value, nameKind, quoted, fileKind);
  if (looksLikePath(value) || /\.(?:pem|key|json|txt|p12|pfx|jks|crt|yaml|yml)$/i.test(value)) return false;
  // A provider token whose own checksum fails is a made-up example, not a secret.
  if (/^gh[pousr]_[A-Za-z0-9]{36}$/.test(value) && !githubClassicTokenValid(value)) return false;
  // A reference to another variable or a call: config.password, getSecret(), this.token. In
  // quotes only a dotted path of plain words is a reference (`"spring.datasource.password"`).
  // In configuration files an unquoted value is data too (`POSTGRES_PASSWORD: piano.velo.42`);
  // in code and text it may be an expression, though one with digits is rarely a reference.
  const literal = quoted || CONFIGURATION_FILES.has(fileKind);
  const reference = literal ? /^[a-z_]+(?:\.[a-z_]+)+$/ : /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/;
  if ((reference.test(value) && (literal || fileKind !== 'text' || !/\d/.test(value))) || (!literal && value.includes('('))) return false;
  // Ansible vault ciphertext is not the secret it hides.
  if (value.startsWith('$ANSIBLE_VAULT;')) return false;
  if (nameKind === 'password') {
    return value.length >= 4;
  }
  if (nameKind === 'key') {
    // A 32-hex (or longer) key under a provider's name (`AOAI_KEY`, `MAPS_KEY`): Azure, Twilio
    // and many others issue keys in hex. Names that say the key is an index are not secrets.
    if (/^[a-f0-9]{32,128}$/i.test(value) && /[a-f]/i.test(value) && /\d/.test(value)) return true;
    return value.length >= 16 && /[a-z]/.test(value) && /[A-Z]/.test(value) && /\d/.test(value) && shannonEntropy(value) >= 3.5;
  }
  if (value.length < 8) return false;
  // Kebab or snake names (`db-credentials`, `my_secret_name`) are references, not secrets; a
  // lower-case prefixed token (`abc_v1_<64 hex>`, `xyz-<40 hex>`) has a long random part.
  if (/^[a-z]+(?:[-_.][a-z0-9]+)*$/.test(value) && !value.split(/[-_.]/).some(randomPart)) return false;
  if (/^\d+$/.test(value) && value.length < 16) return false;
  return characterClasses(value) >= 2 && shannonEntropy(value) >= 3;
}

/**
 * A passphrase (`DB_PASSWORD="la plage mange 240 fois"`) is still a password: in quotes, under a
 * password name, a few words with a digit or a symbol among them, or four to eight lower-case
 * words. In a configuration or shell file a value is data; elsewhere (YAML, JSON, code, a pasted
 * text) a sentence under a password name is as often a label of a form or a translation (`"Mot de
 * passe oublié ?"`, `"Enter your password!"`), so there it counts only when it holds none of the
 * words labels are made of and does not end as a question or a prompt does.
 */
function sentencePassword(value: string, nameKind: NameKind, quoted: boolean, fileKind: FileKind): boolean {
  if (nameKind !== 'password' || !quoted || !SENTENCE_FILES.has(fileKind)) return false;
  if (value.length < 8 || value.length > 128 || value.includes('\n')) return false;
  const words = value.trim().split(/\s+/);
  if (words.length > 8) return false;
  if (!/[\d!#$%&*+=?@^~]/.test(value)) return wordsPassphrase(words) && !LABEL_WORDS.test(value);
  return DATA_FILES.has(fileKind) || (!LABEL_WORDS.test(value) && !/[?:…]\s*$/.test(value));
}

/**
 * Diceware and password managers make passphrases of lower-case words alone (`correct horse
 * battery staple`); a hint or a message is capitalised, shorter, or punctuated like a sentence.
 */
function wordsPassphrase(words: readonly string[]): boolean {
  return words.length >= 4 && words.every((word) => LOWER_CASE_WORD.test(word));
}
/** Made once: the bundler writes a pattern with `\p{…}` as `new RegExp(…)`, built at each use inside a function. */
const LOWER_CASE_WORD = /^\p{Ll}+$/u;

const DATA_FILES = new Set<FileKind>(['env', 'shell', 'properties', 'terraform']);
const SENTENCE_FILES = new Set<FileKind>([...DATA_FILES, 'yaml', 'json', 'code', 'text']);
/** Words of the labels, hints and messages a form shows about a password, in English and French. */
const LABEL_WORDS =
  /\b(?:password|passwords|passphrase|pass|mot|mots|passe|mdp|pwd|enter|type|your|confirm|confirmation|forgot|forgotten|reset|invalid|incorrect|wrong|required|must|least|characters?|chars?|digits?|letters?|saisir|saisissez|entrez|votre|vos|oubli[ée]e?s?|r[ée]initialiser|invalide|incorrecte?|obligatoire|doit|moins|caract[èe]res?|chiffres?|lettres?|min|max|minimum|maximum|length|longueur)\b/i;
const CONFIGURATION_FILES = new Set<FileKind>(['env', 'properties', 'yaml', 'shell']);

/** A part of a name that no one would type as a word: long, with digits among letters. */
function randomPart(part: string): boolean {
  return part.length >= 16 && /\d/.test(part) && /[a-z]/.test(part) && shannonEntropy(part) >= 3;
}

/**
 * File paths (`./keys/id_rsa`, `/etc/ssl/private/server.key`) are not secrets; a base64 value
 * that happens to start with a slash is: its segments are long random mixes of letters and digits.
 */
function looksLikePath(value: string): boolean {
  if (!/^(?:\.{1,2}\/|~\/|\/)/.test(value)) return false;
  return value.split('/').every((segment) => segment.length < 12 || !(/[a-z]/.test(segment) && /[A-Z]/.test(segment) && /\d/.test(segment)));
}

/** The most specific kind for a secret found by its name and shape. */
function specificKind(name: string, value: string, line: string): { kind: Kind; confidence: number } | undefined {
  const lowerName = name.toLowerCase();
  if (/secret_?access_?key|secretaccesskey|aws_?secret/.test(lowerName.replace(/[-.]/g, '_')) && /^[A-Za-z0-9/+]{40}$/.test(value)) {
    return { kind: 'aws-secret-access-key', confidence: 0.95 };
  }
  if (/^[a-f0-9]{32}$/.test(value) && (/azure|openai|aoai/i.test(name) || /openai\.azure\.com|azure/i.test(line))) {
    return { kind: 'azure-openai-key', confidence: 0.9 };
  }
  if (/twilio/i.test(name) && /^[a-f0-9]{32}$/.test(value)) return { kind: 'twilio-key', confidence: 0.9 };
  return undefined;
}

/** The line around an offset, at most 512 characters either side: one long line must not be read once per finding. */
function lineAround(text: string, index: number): string {
  const start = lineStartNear(text, index);
  const window = text.slice(index, index + 512);
  const end = window.indexOf('\n');
  return text.slice(start, end === -1 ? index + window.length : index + end);
}

function detectAssignments(text: string, fileKind: FileKind, keyWords: readonly LiteralHit[], emit: (finding: RawFinding) => void): void {
  // As a global regex would, resume after each name (or each value found) rather than inside it.
  let resumeAt = 0;
  for (const hit of [...keyWords].sort((a, b) => a.start - b.start)) {
    tick();
    if (hit.start < resumeAt) continue;
    KEY_END.lastIndex = hit.start;
    const match = KEY_END.exec(text);
    if (match === null) continue;
    const keyEnd = match.index + match[0].length;
    resumeAt = keyEnd;
    let nameStart = match.index;
    while (nameStart > 0 && inName(text, nameStart - 1)) nameStart--;
    const name = text.slice(nameStart, keyEnd);
    // The name inside a reference (`${DB_PASSWORD:-changeme}`, `${TOKEN:=x}`) is not assigned there.
    if (text[nameStart - 1] === '{' && text[nameStart - 2] === '$') continue;
    // `mot de passe : …` written as words, in a mail or notes.
    const nameKind = classify(name) ?? contextualName(text, name, nameStart);
    if (!nameKind) continue;
    const parsed = readValue(text, keyEnd, fileKind);
    if (!parsed || !plausibleSecret(parsed.value, nameKind.kind, parsed.quoted, fileKind)) continue;
    const specific = specificKind(name, parsed.value, lineAround(text, match.index));
    emit({
      kind: specific?.kind ?? 'generic-secret',
      start: parsed.start,
      end: endOf(parsed),
      rule: specific ? `aiguard/${specific.kind}` : 'aiguard/generic-assignment',
      confidence: specific?.confidence ?? (nameKind.kind === 'password' ? 0.8 : 0.75),
    });
    resumeAt = endOf(parsed);
  }
}

/** `Authorization: Bearer …` and `Basic …` headers, as they appear in logs and HTTP files. */
const AUTHORIZATION_HEADER = /\bAuthorization["']?\s*[:=]\s*["']?(?:Bearer|Basic|Token|Bot)\s+([A-Za-z0-9._~+/=-]{12,})/dgi;

/**
 * An `Authorization` header's credential, masked whole, unless it is a stand-in, or Basic
 * credentials whose password (once decoded) is one (`dXNlcjpwYXNz` is `user:pass`).
 */
function authorizationCredential(value: string, match: RegExpExecArray): boolean {
  if (isPlaceholderValue(value)) return false;
  if (!/Basic\s+$/i.test(match[0].slice(0, match[0].length - value.length))) return true;
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon === -1 || !isPlaceholderValue(decoded.slice(colon + 1));
}

/** An AWS secret key often sits right after its access key id (credentials CSV, ini files). */
function detectAwsSecretNearAccessKey(text: string, emit: (finding: RawFinding) => void): void {
  const accessKey = /\b(?:AKIA|ASIA)[A-Z2-7]{16}\b/g;
  for (let match = accessKey.exec(text); match !== null; match = accessKey.exec(text)) {
    tick();
    const windowStart = match.index + match[0].length;
    const window = text.slice(windowStart, windowStart + 300);
    const secret = /(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/.exec(window);
    if (secret && characterClasses(secret[0]) >= 3 && !isPlaceholderValue(secret[0])) {
      const start = windowStart + secret.index;
      emit({ kind: 'aws-secret-access-key', start, end: start + 40, rule: 'aiguard/aws-secret-near-access-key', confidence: 0.85 });
    }
  }
}

/**
 * Secrets whose name is not followed by `=` or `:`, each a pattern with the name in one group
 * and the value in another: Terraform `variable "db_password" { default = "…" }`, PHP
 * `define('DB_PASSWORD', '…')`, XML elements (`<password>…</password>` in Maven's settings.xml).
 */
const NAMED_ELSEWHERE: ReadonlyArray<{ rule: string; hint: string; pattern: RegExp; name: number; value: number }> = [
  { rule: 'terraform-variable-default', hint: 'variable "', pattern: /variable\s+"([^"\n]{1,128})"\s*\{[^}]{0,2048}?\bdefault\s*=\s*"([^"\n]{0,1024})"/dg, name: 1, value: 2 },
  { rule: 'php-define', hint: 'define(', pattern: /\bdefine\(\s*['"]([A-Za-z0-9_]+)['"]\s*,\s*(['"])([^'"\n]+)\2\s*\)/dg, name: 1, value: 3 },
  { rule: 'xml-element', hint: '</', pattern: /<([A-Za-z_][\w.-]{0,127})>([^<>\s]{4,1024})<\/\1>/dg, name: 1, value: 2 },
  // NuGet, .NET app settings, Spring and Ant: `<add key="ClearTextPassword" value="…"/>`,
  // `<property name="db.password" value="…"/>`.
  {
    rule: 'xml-key-value',
    hint: 'value=',
    pattern: /<(?:add|property|entry|setting|param|parameter|var|variable)\s[^<>]{0,256}?\b(?:key|name)\s*=\s*["']([^"'\n]{1,128})["'][^<>]{0,256}?\bvalue\s*=\s*(["'])([^"'\n]{1,1024})\2/dg,
    name: 1,
    value: 3,
  },
  // Dockerfile `ENV NAME value` (the `ENV NAME=value` form is an ordinary assignment).
  { rule: 'dockerfile-env', hint: 'ENV ', pattern: /^[ \t]*ENV[ \t]+([A-Za-z_][A-Za-z0-9_]{0,127})[ \t]+(["']?)([^\s"'=]{1,1024})\2[ \t]*$/dgm, name: 1, value: 3 },
];

/**
 * A name and a value given as two fields of one object: Kubernetes `env` lists
 * (`- name: DB_PASSWORD` then `value: …`), ECS task definitions and Azure app settings
 * (`{"name": "API_TOKEN", "value": "…"}`), in either order.
 */
const NAME_THEN_VALUE =
  /\bname["']?[ \t]*[:=][ \t]*(["']?)([A-Za-z_][A-Za-z0-9_.-]{0,127})\1[ \t]*,?\s{0,64}?(?:-[ \t]+)?["']?value["']?[ \t]*[:=][ \t]*(?:"([^"\n]{1,1024})"|'([^'\n]{1,1024})'|([^\s"',}\]#][^\s"',}\]]{0,1023}))/dg;
const VALUE_THEN_NAME = /\bvalue["']?[ \t]*[:=][ \t]*(?:"([^"\n]{1,1024})"|'([^'\n]{1,1024})')[ \t]*,\s{0,64}?["']?name["']?[ \t]*[:=][ \t]*(["']?)([A-Za-z_][A-Za-z0-9_.-]{0,127})\3/dg;

function detectNameValuePairs(text: string, emit: (finding: RawFinding) => void): void {
  if (!text.includes('value') || !text.includes('name')) return;
  const report = (name: string, match: RegExpExecArray, groups: readonly number[]) => {
    const group = groups.find((index) => match[index] !== undefined);
    const range = group === undefined ? undefined : match.indices?.[group];
    const value = group === undefined ? undefined : match[group];
    const nameKind = classify(name);
    if (!range || value === undefined || !nameKind || !plausibleSecret(value, nameKind.kind, group !== 5)) return;
    emit({ kind: 'generic-secret', start: range[0], end: range[1], rule: 'aiguard/name-value-pair', confidence: 0.8 });
  };
  for (const [pattern, nameGroup, valueGroups] of [
    [NAME_THEN_VALUE, 2, [3, 4, 5]],
    [VALUE_THEN_NAME, 4, [1, 2]],
  ] as const) {
    pattern.lastIndex = 0;
    for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
      tick();
      report(match[nameGroup] as string, match, valueGroups);
    }
  }
}

/**
 * The hints are words of the scanner's literal pass too: a text without one is not searched for
 * each apart (five searches of the whole text on every scan, a fiftieth of the engine's time on
 * small files). A hint's exact occurrence always makes a hit (the pass only ignores more: case,
 * accents, the kind of separator), so `includes` then confirms it.
 */
const HINTS = NAMED_ELSEWHERE.map((form) => form.hint);

function detectNamedElsewhere(text: string, hinted: (index: number) => boolean, emit: (finding: RawFinding) => void): void {
  for (const [index, form] of NAMED_ELSEWHERE.entries()) {
    if (!hinted(index) || !text.includes(form.hint)) continue;
    emitMatches(text, form.pattern, emit, {
      kind: 'generic-secret',
      rule: `aiguard/${form.rule}`,
      confidence: 0.8,
      group: form.value,
      accept: (value, match) => {
        const nameKind = classify(match[form.name] as string);
        return nameKind !== undefined && plausibleSecret(value, nameKind.kind, true);
      },
    });
  }
}

export const assignmentDetector: Detector = {
  id: 'assignments',
  categories: ['secret'],
  literals: [...KEY_WORDS, ...OTHER_LITERALS, ...HINTS],
  detect({ text, fileKind, hits }, emit) {
    // Which of the other literals occur (OTHER_LITERALS, then HINTS), in one walk over the hits.
    const present = new Uint8Array(OTHER_LITERALS.length + HINTS.length);
    const keyWords: LiteralHit[] = [];
    for (const hit of hits) {
      if (hit.literal < KEY_WORDS.length) keyWords.push(hit);
      else present[hit.literal - KEY_WORDS.length] = 1;
    }
    const found = (literal: string) => present[OTHER_LITERALS.indexOf(literal)] === 1;
    detectAssignments(text, fileKind, keyWords, emit);
    detectNamedElsewhere(text, (index) => present[OTHER_LITERALS.length + index] === 1, emit);
    detectNameValuePairs(text, emit);
    if (found('authorization')) {
      emitMatches(text, AUTHORIZATION_HEADER, emit, { kind: 'generic-secret', rule: 'aiguard/authorization-header', confidence: 0.85, group: 1, accept: authorizationCredential });
    }
    if (found('AKIA') || found('ASIA')) detectAwsSecretNearAccessKey(text, emit);
  },
};
