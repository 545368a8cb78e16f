import { type CustomRule, customUnion } from '../customRules';
import type { Detector, RawFinding } from '../detector';
import { foldName } from '../fold';
import type { Kind } from '../kinds';

/**
 * Names the policy lists (clients, project code names, people, internal hosts), matched without
 * regard to case or accents: `Amélie Dufresne`, `AMELIE DUFRESNE` and `amelie dufresne` alike,
 * and wherever they are a part of an identifier, a path or a host name: `bluebirdClient`,
 * `BLUEBIRD_API_URL`, `project_bluebird`, `Bluebird.Api`, `clients/ardoise/`, `db.ardoise.internal`
 * (and a name of several words written as one, `BanqueArdoise`). Never inside an unrelated word:
 * the code name `Ray` is not found in `array`.
 */
export interface RedactionDictionary {
  clients?: readonly string[] | undefined;
  codenames?: readonly string[] | undefined;
  people?: readonly string[] | undefined;
  /** Host names, exact or with a leading wildcard: `db-prod-01.ardoise.internal`, `*.ardoise.internal`. */
  internalHosts?: readonly string[] | undefined;
  /**
   * The policy's own detection rules (`detectors.custom`), which travel with its names: what a
   * policy adds to detection reaches every scanner its files get, in the CLI as in the editor.
   */
  custom?: readonly CustomRule[] | undefined;
}

const HOST_CHAR = /[\w.-]/;

/**
 * The union of several dictionaries (every source of a prompt brings the one of its policies):
 * the dictionary itself when they are all the same object, so a caller's cache by identity holds.
 */
export function mergeDictionaries(dictionaries: readonly RedactionDictionary[]): RedactionDictionary {
  const distinct = [...new Set(dictionaries)];
  if (distinct.length === 1) return distinct[0] as RedactionDictionary;
  const union = (key: NameList) => [...new Set(distinct.flatMap((dictionary) => dictionary[key] ?? []))];
  return { clients: union('clients'), codenames: union('codenames'), people: union('people'), internalHosts: union('internalHosts'), ...customUnion(distinct) };
}

type NameList = 'clients' | 'codenames' | 'people' | 'internalHosts';

/** A host name's characters, and a run of dot-separated labels before a wildcard host's suffix. */
const HOST_LABELS = /^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*$/;
const HOST_LABEL_CHAR = /[A-Za-z0-9.-]/;

/** The canonical form of a name: folded, its separators (space, dash, underscore, apostrophe) one space. */
function canonicalName(text: string): string {
  return foldName(text.trim())
    .replace(/œ/g, 'o')
    .replace(/æ/g, 'a')
    .replace(/[\s\-_']+/g, ' ');
}

type Entry = { kind: Kind; host?: { exact: string } | { suffix: string } };

/**
 * Compiles a dictionary once. Its names and hosts are literals of the scanner's one-pass
 * literal search (see literalIndex.ts), which already ignores case and accents and lets any run
 * of separators stand for one: a hit of a name only needs its word boundaries checked, a hit of
 * a host its exact spelling, and a wildcard host the labels before its suffix.
 */
export function compileDictionary(dictionary: RedactionDictionary | undefined): Detector | undefined {
  if (!dictionary) return undefined;
  const entries = new Map<string, Entry>();
  const add = (kind: Kind, terms: readonly string[] | undefined) => {
    for (const term of terms ?? []) {
      const name = canonicalName(term);
      if (name.length < 2) continue;
      if (!entries.has(name)) entries.set(name, { kind });
      // Identifiers join the words of a name: `BanqueArdoise`, `banqueardoise`.
      const joined = name.replace(/ /g, '');
      if (!entries.has(joined)) entries.set(joined, { kind });
    }
  };
  add('client-name', dictionary.clients);
  add('project-codename', dictionary.codenames);
  add('person-name', dictionary.people);
  for (const host of dictionary.internalHosts ?? []) {
    const trimmed = host.trim().toLowerCase();
    if (trimmed.length < 2) continue;
    const literal = trimmed.startsWith('*.') ? trimmed.slice(1) : trimmed;
    entries.set(`host:${literal}`, { kind: 'internal-host', host: trimmed.startsWith('*.') ? { suffix: literal } : { exact: literal } });
  }
  if (entries.size === 0) return undefined;
  const literals = [...entries.keys()].map((key) => (key.startsWith('host:') ? key.slice(5) : key));
  const list = [...entries.values()];
  return {
    id: 'dictionary',
    categories: ['dictionary', 'network'],
    literals,
    detect({ text, hits }, emit: (finding: RawFinding) => void) {
      for (const hit of hits) {
        const entry = list[hit.literal] as Entry;
        const start = entry.host ? hostStart(text, hit.start, hit.end, entry.host) : nameStart(text, hit.start, hit.end);
        if (start === -1) continue;
        emit({ kind: entry.kind, start, end: hit.end, rule: `aiguard/dictionary-${entry.kind}`, confidence: 0.9 });
      }
    },
  };
}

/** The start of a name found at [start, end), or -1 when it is inside a longer word rather than a part of an identifier. */
function nameStart(text: string, start: number, end: number): number {
  return partStartsAt(text, start) && partEndsAt(text, end) ? start : -1;
}

const ALPHANUMERIC = /[\p{L}\p{N}]/u;
const DIGIT = /\p{N}/u;
const LETTER = /\p{L}/u;

function isUpper(char: string | undefined): boolean {
  return char !== undefined && char !== char.toLowerCase() && char === char.toUpperCase();
}

function isLower(char: string | undefined): boolean {
  return char !== undefined && char !== char.toUpperCase() && char === char.toLowerCase();
}

/**
 * Whether an identifier part starts at `at`: after anything but a letter or digit (space, `_`,
 * `-`, `.`, `/`…), at a camelCase hump (`bluebird|Client`, `get|Ray`), or where an acronym gives
 * way to a word (`XML|Bluebird`).
 */
function partStartsAt(text: string, at: number): boolean {
  const previous = text[at - 1];
  if (previous === undefined || !ALPHANUMERIC.test(previous)) return true;
  const first = text[at];
  if ((isLower(previous) || DIGIT.test(previous)) && isUpper(first)) return true;
  return isUpper(previous) && isUpper(first) && isLower(text[at + 1]);
}

/**
 * Whether an identifier part ends at `at`: before anything but a letter or digit, before a
 * camelCase hump (`bluebird|Client`, `RAY|Tracer`), or where letters give way to digits
 * (`ardoise|01`).
 */
function partEndsAt(text: string, at: number): boolean {
  const next = text[at];
  if (next === undefined || !ALPHANUMERIC.test(next)) return true;
  const last = text[at - 1];
  if (isLower(last) && isUpper(next)) return true;
  if (last !== undefined && LETTER.test(last) && DIGIT.test(next)) return true;
  return isUpper(last) && isUpper(next) && isLower(text[at + 1]);
}

/**
 * The start of a host found at [start, end): the hit itself for an exact host, or the labels
 * before it for a wildcard (`*.ardoise.internal` found as `.ardoise.internal`); -1 when the
 * spelling differs or the name runs on.
 */
function hostStart(text: string, start: number, end: number, host: { exact: string } | { suffix: string }): number {
  const literal = 'exact' in host ? host.exact : host.suffix;
  if (text.slice(start, end).toLowerCase() !== literal) return -1;
  if (end < text.length && /[\w-]/.test(text[end] as string)) return -1;
  let first = start;
  if ('suffix' in host) {
    while (first > 0 && HOST_LABEL_CHAR.test(text[first - 1] as string)) first--;
    if (first === start || !HOST_LABELS.test(text.slice(first, start))) return -1;
  }
  if (first > 0 && HOST_CHAR.test(text[first - 1] as string)) return -1;
  return first;
}
