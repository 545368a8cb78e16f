import type { Detector, RawFinding } from '../detector';
import type { Kind } from '../kinds';

/**
 * Names the policy lists (clients, project code names, people, internal hosts), matched without
 * regard to case or accents: `Amélie Dufresne`, `AMELIE DUFRESNE` and `amelie dufresne` alike.
 */
export interface RedactionDictionary {
  clients?: readonly string[];
  codenames?: readonly string[];
  people?: readonly string[];
  /** Host names, exact or with a leading wildcard: `db-prod-01.ardoise.internal`, `*.ardoise.internal`. */
  internalHosts?: readonly string[];
}

const ACCENTED: Readonly<Record<string, string>> = {
  a: 'aàâäáãåæ',
  c: 'cç',
  e: 'eéèêë',
  i: 'iîïíì',
  n: 'nñ',
  o: 'oôöóòõœ',
  u: 'uùûüú',
  y: 'yÿý',
};

/** Letters and digits of Latin scripts, for word boundaries around names. */
const WORD_CHARS = 'A-Za-z0-9_\\u00C0-\\u024F';

const WORD_CHAR = new RegExp(`[${WORD_CHARS}]`);

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Strips accents and case: the form every spelling of a name folds to. */
export function foldName(text: string): string {
  return text.normalize('NFD').replace(/\p{Mn}/gu, '').toLowerCase();
}

function termPattern(term: string): string {
  let pattern = '';
  for (const char of foldName(term.trim())) {
    if (/[\s\-_']/.test(char)) pattern += "[\\s\\-_']+";
    else if (ACCENTED[char]) pattern += `[${ACCENTED[char]}]`;
    else pattern += escapeRegExp(char);
  }
  return pattern.replace(/(?:\[\\s\\-_'\]\+)+/g, "[\\s\\-_']+");
}

function hostPattern(host: string): string {
  const trimmed = host.trim().toLowerCase();
  if (trimmed.startsWith('*.')) return `[a-z0-9-]+(?:\\.[a-z0-9-]+)*\\.${escapeRegExp(trimmed.slice(2))}`;
  return escapeRegExp(trimmed);
}

interface CompiledGroup {
  kind: Kind;
  pattern: RegExp;
}

/** Compiles a dictionary once; scanning then costs one regex pass per group. */
export function compileDictionary(dictionary: RedactionDictionary | undefined): Detector | undefined {
  if (!dictionary) return undefined;
  const groups: CompiledGroup[] = [];
  const words = (terms: readonly string[] | undefined) =>
    (terms ?? []).map((term) => term.trim()).filter((term) => term.length >= 2).sort((a, b) => b.length - a.length);
  const add = (kind: Kind, terms: readonly string[] | undefined) => {
    const list = words(terms);
    if (list.length === 0) return;
    // No `u` flag: Unicode property classes make V8 slow here (about 10 MB/s), and Latin
    // letters, accented ones included, are all in the ranges below, where `i` folds case.
    // The start boundary is checked in code: a look-behind tried at every position costs more
    // than the terms themselves.
    groups.push({ kind, pattern: new RegExp(`(?:${list.map(termPattern).join('|')})(?![${WORD_CHARS}])`, 'gi') });
  };
  add('client-name', dictionary.clients);
  add('project-codename', dictionary.codenames);
  add('person-name', dictionary.people);
  const hosts = words(dictionary.internalHosts);
  if (hosts.length > 0) {
    groups.push({ kind: 'internal-host', pattern: new RegExp(`(?<![\\w.-])(?:${hosts.map(hostPattern).join('|')})(?![\\w-])`, 'gi') });
  }
  if (groups.length === 0) return undefined;
  return {
    id: 'dictionary',
    categories: ['dictionary', 'network'],
    detect({ text }, emit: (finding: RawFinding) => void) {
      for (const group of groups) {
        group.pattern.lastIndex = 0;
        for (let match = group.pattern.exec(text); match !== null; match = group.pattern.exec(text)) {
          if (match.index > 0 && WORD_CHAR.test(text[match.index - 1] as string)) continue;
          emit({ kind: group.kind, start: match.index, end: match.index + match[0].length, rule: `aiguard/dictionary-${group.kind}`, confidence: 0.9 });
        }
      }
    },
  };
}
