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
 * a number, a version (`DB_PASSWORD_PROD`, `PASSWORD2`, `SECRET_KEY_BASE`). Only these: most
 * words after a secret word make a name about the secret rather than the secret itself
 * (`TOKEN_TYPE`, `PASSWORD_POLICY`, `KEY_ID`).
 */
const NAME_SUFFIXES = 'prod|production|prd|dev|develop|development|staging|stage|stg|test|qa|uat|preprod|recette|rec|local|int|old|new|current|prev|previous|backup|base|plain|clear|cleartext|raw|value';
const NAME_SUFFIX_WORDS = new Set(NAME_SUFFIXES.split('|'));
const KEY_END = new RegExp(
  `(?:passe|pass(?:word|wd|phrase)?|pwd|mdp|secret|token|jeton|key|credentials?)(?:[_.-]?(?:\\d{1,3}|(?:${NAME_SUFFIXES})(?![a-z])))?(?=["']?\\s*(?::=|=>|=(?!=)|:(?![:/])))`,
  'iy',
);
/** The words KEY_END starts with, found by the scanner's literal pass; KEY_END is tried at each. */
const KEY_WORDS = ['pass', 'pwd', 'mdp', 'secret', 'token', 'jeton', 'key', 'credential'];
const OTHER_LITERALS = ['authorization', 'AKIA', 'ASIA'];

/** Words that, as the last part of a name, mean its value is a secret. */
const SECRET_WORDS = new Set(['password', 'passwd', 'passphrase', 'pass', 'pwd', 'secret', 'token', 'credential', 'credentials', 'jeton']);
/** Password words, French ones included (`mot_de_passe`, `motDePasse`, `mdp`). */
const PASSWORD_WORDS = new Set(['password', 'passwd', 'passphrase', 'pass', 'pwd', 'mdp', 'motdepasse']);
/** A name written as one word that ends with a secret word: `PGPASSWORD`, `mysqlpwd`, `dbpassword`. */
const COMPOUND_SECRET = /^[a-z]{2,12}?(password|passwd|pwd|secret|token|apikey)$/;
/** `key` alone is everywhere in code; only these qualifiers make it a secret. */
const KEY_QUALIFIERS = new Set(['api', 'access', 'secret', 'private', 'client', 'master', 'encryption', 'signing', 'account', 'subscription', 'storage', 'app', 'auth', 'service', 'license', 'sas', 'shared', 'primary', 'secondary', 'openai', 'azure', 'deploy', 'webhook', 'hmac', 'jwt', 'session', 'cookie', 'admin', 'root', 'registry', 'consumer', 'integration', 'partner', 'merchant', 'bot', 'oauth', 'crypto', 'cipher', 'aes']);

/** `…Key` names of keys that look things up rather than open them. */
const INDEX_KEY_QUALIFIERS = new Set(['cache', 'sort', 'partition', 'foreign', 'index', 'row', 'idempotency', 'lookup', 'map', 'dedup', 'dedupe', 'routing', 'shard', 'group', 'object', 'file', 'bucket', 'message', 'translation', 'i18n', 'public', 'hot', 'query', 'react', 'list', 'item', 'unique', 'composite', 'natural', 'surrogate', 'hash', 'checksum', 'etag']);

/** Splits `DB_PASSWORD`, `dbPassword`, `db.password`, `x-api-key` into lower-case words. */
function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_.-]+/)
    .filter(Boolean)
    .map((word) => word.toLowerCase());
}

type NameKind = 'password' | 'secret' | 'key';

function isNameSuffix(word: string): boolean {
  return NAME_SUFFIX_WORDS.has(word) || /^\d{1,3}$/.test(word);
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

/** Files where an unquoted value after `=` or `:` is a literal rather than an expression. */
const LITERAL_BARE_VALUES: ReadonlySet<FileKind> = new Set(['env', 'properties', 'yaml', 'shell', 'text']);

interface ParsedValue {
  start: number;
  value: string;
  quoted: boolean;
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
  const quote = text[i];
  if (quote === '"' || quote === "'" || quote === '`') {
    const start = i + 1;
    let j = start;
    while (j < text.length && text[j] !== quote && text[j] !== '\n') {
      j += text[j] === '\\' ? 2 : 1;
    }
    if (text[j] !== quote) return undefined;
    return { start, value: text.slice(start, j), quoted: true };
  }
  if (!LITERAL_BARE_VALUES.has(fileKind)) return undefined;
  const block = blockScalarLine(text, i);
  if (block) return block;
  const start = i;
  let j = start;
  while (j < text.length && !/[\s"'`,;]/.test(text[j] as string)) j++;
  // A YAML or shell comment after the value is not part of it.
  const value = text.slice(start, j);
  return { start, value, quoted: false };
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
  const reference = quoted ? /^[a-z_]+(?:\.[a-z_]+)+$/ : /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/;
  if (reference.test(value) || (!quoted && value.includes('('))) return false;
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
 * password name, in a configuration or shell file (where a value is data, not a label of a
 * translation file), a few words with a digit or a symbol among them.
 */
function sentencePassword(value: string, nameKind: NameKind, quoted: boolean, fileKind: FileKind): boolean {
  if (nameKind !== 'password' || !quoted || !SENTENCE_FILES.has(fileKind)) return false;
  if (value.length < 8 || value.length > 128 || value.includes('\n')) return false;
  const words = value.trim().split(/\s+/);
  return words.length <= 8 && /[\d!#$%&*+=?@^~]/.test(value);
}

const SENTENCE_FILES = new Set<FileKind>(['env', 'shell', 'properties', 'terraform']);

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

function lineAround(text: string, index: number): string {
  const start = text.lastIndexOf('\n', index) + 1;
  const end = text.indexOf('\n', index);
  return text.slice(start, end === -1 ? text.length : end);
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
    while (nameStart > 0 && /[A-Za-z0-9_.-]/.test(text[nameStart - 1] as string)) nameStart--;
    const name = text.slice(nameStart, keyEnd);
    const nameKind = classify(name);
    if (!nameKind) continue;
    const parsed = readValue(text, keyEnd, fileKind);
    if (!parsed || !plausibleSecret(parsed.value, nameKind.kind, parsed.quoted, fileKind)) continue;
    const specific = specificKind(name, parsed.value, lineAround(text, match.index));
    emit({
      kind: specific?.kind ?? 'generic-secret',
      start: parsed.start,
      end: parsed.start + parsed.value.length,
      rule: specific ? `aiguard/${specific.kind}` : 'aiguard/generic-assignment',
      confidence: specific?.confidence ?? (nameKind.kind === 'password' ? 0.8 : 0.75),
    });
    resumeAt = parsed.start + parsed.value.length;
  }
}

/** `Authorization: Bearer …` and `Basic …` headers, as they appear in logs and HTTP files. */
const AUTHORIZATION_HEADER = /\bAuthorization["']?\s*[:=]\s*["']?(?:Bearer|Basic|Token|Bot)\s+([A-Za-z0-9._~+/=-]{12,})/gid;

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
  { rule: 'terraform-variable-default', hint: 'variable "', pattern: /variable\s+"([^"\n]{1,128})"\s*\{[^}]{0,2048}?\bdefault\s*=\s*"([^"\n]{0,1024})"/gd, name: 1, value: 2 },
  { rule: 'php-define', hint: 'define(', pattern: /\bdefine\(\s*['"]([A-Za-z0-9_]+)['"]\s*,\s*(['"])([^'"\n]+)\2\s*\)/gd, name: 1, value: 3 },
  { rule: 'xml-element', hint: '</', pattern: /<([A-Za-z_][\w.-]{0,127})>([^<>\s]{4,1024})<\/\1>/gd, name: 1, value: 2 },
  // NuGet, .NET app settings, Spring and Ant: `<add key="ClearTextPassword" value="…"/>`,
  // `<property name="db.password" value="…"/>`.
  { rule: 'xml-key-value', hint: 'value=', pattern: /<(?:add|property|entry|setting|param|parameter|var|variable)\s[^<>]{0,256}?\b(?:key|name)\s*=\s*["']([^"'\n]{1,128})["'][^<>]{0,256}?\bvalue\s*=\s*(["'])([^"'\n]{1,1024})\2/gd, name: 1, value: 3 },
  // Dockerfile `ENV NAME value` (the `ENV NAME=value` form is an ordinary assignment).
  { rule: 'dockerfile-env', hint: 'ENV ', pattern: /^[ \t]*ENV[ \t]+([A-Za-z_][A-Za-z0-9_]{0,127})[ \t]+(["']?)([^\s"'=]{1,1024})\2[ \t]*$/gmd, name: 1, value: 3 },
];

/**
 * A name and a value given as two fields of one object: Kubernetes `env` lists
 * (`- name: DB_PASSWORD` then `value: …`), ECS task definitions and Azure app settings
 * (`{"name": "API_TOKEN", "value": "…"}`), in either order.
 */
const NAME_THEN_VALUE = /\bname["']?[ \t]*[:=][ \t]*(["']?)([A-Za-z_][A-Za-z0-9_.-]{0,127})\1[ \t]*,?\s{0,64}?(?:-[ \t]+)?["']?value["']?[ \t]*[:=][ \t]*(?:"([^"\n]{1,1024})"|'([^'\n]{1,1024})'|([^\s"',}\]#][^\s"',}\]]{0,1023}))/gd;
const VALUE_THEN_NAME = /\bvalue["']?[ \t]*[:=][ \t]*(?:"([^"\n]{1,1024})"|'([^'\n]{1,1024})')[ \t]*,\s{0,64}?["']?name["']?[ \t]*[:=][ \t]*(["']?)([A-Za-z_][A-Za-z0-9_.-]{0,127})\3/gd;

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

function detectNamedElsewhere(text: string, emit: (finding: RawFinding) => void): void {
  for (const form of NAMED_ELSEWHERE) {
    if (!text.includes(form.hint)) continue;
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
  literals: [...KEY_WORDS, ...OTHER_LITERALS],
  detect({ text, fileKind, hits }, emit) {
    const found = (literal: string) => hits.some((hit) => hit.literal === KEY_WORDS.length + OTHER_LITERALS.indexOf(literal));
    detectAssignments(
      text,
      fileKind,
      hits.filter((hit) => hit.literal < KEY_WORDS.length),
      emit,
    );
    detectNamedElsewhere(text, emit);
    detectNameValuePairs(text, emit);
    if (found('authorization')) {
      emitMatches(text, AUTHORIZATION_HEADER, emit, { kind: 'generic-secret', rule: 'aiguard/authorization-header', confidence: 0.85, group: 1, accept: authorizationCredential });
    }
    if (found('AKIA') || found('ASIA')) detectAwsSecretNearAccessKey(text, emit);
  },
};
