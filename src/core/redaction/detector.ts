import type { Category, Kind } from './kinds';
import type { LiteralHit } from './literalIndex';

/** A detector's raw result; the scanner adds the category, line and column. */
export interface RawFinding {
  kind: Kind;
  start: number;
  end: number;
  rule: string;
  confidence: number;
}

/**
 * What kind of file a text comes from, which decides how assignments are read: in `.env`,
 * properties, YAML and shell files an unquoted value is a literal; in code it is an expression.
 */
export type FileKind = 'env' | 'properties' | 'yaml' | 'json' | 'shell' | 'terraform' | 'code' | 'text';

export interface ScanContext {
  readonly text: string;
  readonly fileKind: FileKind;
  /** Where the detector's `literals` occur in the text, found by the scanner's one pass. */
  readonly hits: readonly LiteralHit[];
  /** Throws when the scan is over its time budget or cancelled (see `tick`). */
  readonly checkpoint?: () => void;
}

export interface Detector {
  /** Stable id, used in finding rules (`aiguard/<id>`) and in the benchmark. */
  readonly id: string;
  /** The categories it can report; a scan that wants none of them skips the detector. */
  readonly categories: readonly Category[];
  /**
   * Words the detector starts from, found for it in one pass shared by all detectors (ignoring
   * case, accents and the kind of separator: see literalIndex.ts) and handed over as `hits`.
   */
  readonly literals?: readonly string[];
  detect(context: ScanContext, emit: (finding: RawFinding) => void): void;
}

/** How many steps of a detector's loops run between two looks at the scan's time budget. */
const STEPS_PER_CHECK = 1024;
let activeCheckpoint: (() => void) | undefined;
let steps = 0;

/**
 * Runs one detector with its context's checkpoint installed, so that `tick`, called in every
 * loop that can be long (one per match, per hit, per candidate), stops a scan over its budget
 * inside the detector rather than after it: a detector that met a hostile text would otherwise
 * hold the extension host for as long as it took. Detectors are synchronous, so one installed
 * checkpoint at a time is enough.
 */
export function runDetector(detector: Detector, context: ScanContext, emit: (finding: RawFinding) => void): void {
  const previous = activeCheckpoint;
  activeCheckpoint = context.checkpoint;
  try {
    detector.detect(context, emit);
  } finally {
    activeCheckpoint = previous;
  }
}

/** One step of a detector's loop: every so many steps, the scan's budget is checked. */
export function tick(): void {
  if (activeCheckpoint !== undefined && ++steps >= STEPS_PER_CHECK) {
    steps = 0;
    activeCheckpoint();
  }
}

/** Guesses the file kind from a path; without a path, text (quoted values only). */
export function fileKindOf(path: string | undefined): FileKind {
  if (!path) return 'text';
  const name = path.replace(/^.*[\\/]/, '').toLowerCase();
  if (name === '.env' || name.startsWith('.env.') || name.endsWith('.env')) return 'env';
  const extension = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1) : '';
  switch (extension) {
    case 'properties':
    case 'ini':
    case 'cfg':
    case 'conf':
    case 'toml':
      return 'properties';
    case 'yaml':
    case 'yml':
      return 'yaml';
    case 'json':
    case 'jsonc':
      return 'json';
    case 'sh':
    case 'bash':
    case 'zsh':
    case 'ksh':
    case 'ps1':
      return 'shell';
    case 'tf':
    case 'tfvars':
    case 'hcl':
      return 'terraform';
    case 'ts':
    case 'tsx':
    case 'js':
    case 'jsx':
    case 'mjs':
    case 'cjs':
    case 'py':
    case 'java':
    case 'kt':
    case 'go':
    case 'cs':
    case 'rb':
    case 'php':
    case 'rs':
    case 'scala':
    case 'swift':
    case 'c':
    case 'cpp':
    case 'h':
    case 'groovy':
    case 'gradle':
    case 'dart':
    case 'lua':
    case 'pl':
      return 'code';
    default:
      return name === 'dockerfile' || name === 'makefile' ? 'shell' : 'text';
  }
}

/**
 * Runs a global regex over the text and emits one finding per match, for the value in
 * capture group `group` (0 for the whole match), when `accept` agrees (when it does not, the
 * search resumes inside the rejected match, which may hide a real one). A pattern that names a
 * group must have the `d` flag: the group's offset comes from the match's indices, never from
 * searching for its text inside the match (which is wrong when the value also occurs earlier).
 */
export function emitMatches(
  text: string,
  pattern: RegExp,
  emit: (finding: RawFinding) => void,
  spec: { kind: Kind; rule: string; confidence: number; group?: number; accept?: (value: string, match: RegExpExecArray) => boolean },
): void {
  const group = spec.group ?? 0;
  if (group !== 0 && !pattern.hasIndices) throw new Error(`${spec.rule}: a pattern that names a group needs the d flag`);
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    tick();
    const value = match[group];
    const range = group === 0 ? [match.index, match.index + match[0].length] : match.indices?.[group];
    if (value === undefined || value.length === 0 || !range) continue;
    if (spec.accept && !spec.accept(value, match)) {
      // A rejected candidate must not hide a real one that starts inside it: resume just after its start.
      pattern.lastIndex = match.index + 1;
      continue;
    }
    emit({ kind: spec.kind, start: range[0] as number, end: range[1] as number, rule: spec.rule, confidence: spec.confidence });
  }
}

/**
 * Tries a sticky pattern at one offset (a literal's hit) and emits its match, when `accept`
 * agrees. The pattern must be sticky (`y`): it matches there or not at all.
 */
export function emitMatchAt(
  text: string,
  at: number,
  sticky: RegExp,
  emit: (finding: RawFinding) => void,
  spec: { kind: Kind; rule: string; confidence: number; accept?: (value: string, match: RegExpExecArray) => boolean },
): void {
  tick();
  sticky.lastIndex = at;
  const match = sticky.exec(text);
  if (match === null || match[0].length === 0) return;
  if (spec.accept && !spec.accept(match[0], match)) return;
  emit({ kind: spec.kind, start: at, end: at + match[0].length, rule: spec.rule, confidence: spec.confidence });
}
