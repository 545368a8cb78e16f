import * as l10n from '@vscode/l10n';
import { describeError } from '../errors';
import type { Detector, RawFinding, ScanContext } from './detector';
import { fileKindOf, runDetector } from './detector';
import { assignmentDetector } from './detectors/assignments';
import { credentialFormDetector } from './detectors/credentialForms';
import { compileCustomRules } from './detectors/custom';
import { compileDictionary, type RedactionDictionary } from './detectors/dictionary';
import { networkDetector } from './detectors/network';
import { piiDetector } from './detectors/pii';
import { DEFAULT_SECRETLINT, lintWindows, SECRETLINT_TRIGGER_LITERALS, type SecretlintSettings, secretlintWindows } from './detectors/secretlint';
import { structuredDetector } from './detectors/structured';
import { tokenDetector } from './detectors/tokens';
import { githubClassicTokenValid } from './checks';
import { holdsTemplateReference, isPlaceholderValue } from './filters';
import { ALL_KINDS, type Category, type Finding, KINDS, type Kind } from './kinds';
import { LiteralIndex } from './literalIndex';
import { findAll, WINDOW } from './multiSearch';
import { changedByFold, foldForMatching, type FoldedText, unfoldSpan } from './fold';

export type ScanErrorCode = 'timeout' | 'too-large' | 'detector-failed' | 'cancelled';

/**
 * Why a scan could not complete. Redaction fails closed on it: the caller gets this error and
 * no text, never a text that might still hold a secret.
 */
export class ScanError extends Error {
  constructor(
    readonly code: ScanErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ScanError';
  }
}

/** True when `error` is a scan that was cancelled (not a failure to report). */
export function isCancellation(error: unknown): boolean {
  return error instanceof ScanError && error.code === 'cancelled';
}

export interface ScannerConfig {
  /** The categories to report; by default secrets, personal data and (when given) the dictionary. */
  categories?: ReadonlySet<Category>;
  dictionary?: RedactionDictionary;
  /** secretlint's settings (from `.secretlintrc.json`), or false to leave secretlint out. */
  secretlint?: SecretlintSettings | false;
  /** Milliseconds allowed per scan: a base plus so much per megabyte. */
  timeBudget?: { baseMs: number; perMegabyteMs: number };
  /** The largest text scanned, in UTF-16 code units; larger ones are refused, not truncated. */
  maxLength?: number;
  /** The clock, injectable for tests. */
  now?: () => number;
  /**
   * Where to add the milliseconds each phase of every scan takes, by name: the literal pass (with
   * the fold), each detector by id, secretlint, the search for repeated values, the merge and the
   * positions. The benchmark's breakdown; without it no phase is timed.
   */
  timings?: Map<string, number>;
}

export interface ScanOptions {
  /** The file the text comes from: decides how assignments are read (`.env`, YAML, code…). */
  path?: string;
  signal?: AbortSignal;
}

export const DEFAULT_CATEGORIES: ReadonlySet<Category> = new Set<Category>(['secret', 'pii', 'dictionary']);
const DEFAULT_BUDGET = { baseMs: 2_000, perMegabyteMs: 500 };
const DEFAULT_MAX_LENGTH = 64 * 1024 * 1024;
/** Found values at least this long are also masked wherever else they appear. */
const MIN_REPEATED_VALUE = WINDOW;
/**
 * Kinds found through their context (a name, a keyword, a neighbour) rather than their shape:
 * a copy elsewhere may lack that context, so copies are searched for. Shape-found kinds (tokens,
 * e-mails, IBANs…) are found wherever they appear, and sweeping for them too cost more than the
 * rest of the scan on large files.
 */
const CONTEXT_FOUND_KINDS: ReadonlySet<Kind> = new Set<Kind>([
  'generic-secret',
  'aws-secret-access-key',
  'azure-openai-key',
  'twilio-key',
  'connection-string-password',
  'basic-auth-password',
  'docker-auth',
  'kubernetes-secret',
  'siren',
  'siret',
]);

const BUILT_IN_DETECTORS: readonly Detector[] = [tokenDetector, structuredDetector, assignmentDetector, credentialFormDetector, piiDetector, networkDetector];

/** Finds secrets and personal data in text. Create once per policy; `scan` is reentrant. */
export class Scanner {
  private readonly detectors: readonly Detector[];
  private readonly categories: ReadonlySet<Category>;
  private readonly secretlint: SecretlintSettings | false;
  private readonly budget: { baseMs: number; perMegabyteMs: number };
  private readonly maxLength: number;
  private readonly now: () => number;
  /** One automaton for the literals of every detector and of secretlint's prefilter. */
  private readonly literals: LiteralIndex;
  /** The kinds this scanner reports, decided once rather than for every finding. */
  private readonly reported: ReadonlySet<Kind>;
  private readonly timings: Map<string, number> | undefined;

  constructor(config: ScannerConfig = {}) {
    const dictionary = compileDictionary(config.dictionary);
    const custom = compileCustomRules(config.dictionary?.custom ?? []);
    this.categories = config.categories ?? DEFAULT_CATEGORIES;
    this.reported = new Set(ALL_KINDS.filter((kind) => reportedBy(this.categories, kind)));
    // Detectors of categories this scanner does not report are left out rather than filtered after.
    this.detectors = [...BUILT_IN_DETECTORS, ...(dictionary ? [dictionary] : []), ...(custom ? [custom] : [])].filter((detector) =>
      detector.categories.some((category) => this.categories.has(category)),
    );
    this.secretlint = config.secretlint ?? DEFAULT_SECRETLINT;
    this.budget = config.timeBudget ?? DEFAULT_BUDGET;
    this.maxLength = config.maxLength ?? DEFAULT_MAX_LENGTH;
    this.now = config.now ?? (() => performance.now());
    this.timings = config.timings;
    // One group per detector, in order, then secretlint's triggers; it stops at what the fold changes.
    this.literals = new LiteralIndex([...this.detectors.map((detector) => detector.literals ?? []), SECRETLINT_TRIGGER_LITERALS], changedByFold);
  }

  async scan(original: string, options: ScanOptions = {}): Promise<Finding[]> {
    if (original.length > this.maxLength) {
      throw new ScanError('too-large', l10n.t('The text is too large to scan ({0} MB; the limit is {1} MB).', megabytes(original.length), megabytes(this.maxLength)));
    }
    const started = this.now();
    const budgetMs = this.budget.baseMs + (this.budget.perMegabyteMs * original.length) / (1024 * 1024);
    const lap = this.timings === undefined ? undefined : stopwatch(this.timings, this.now, started);
    // Detectors see the text without invisible characters, exotic spaces and look-alike letters
    // (a token split by a zero-width space, a Cyrillic `о` in a key); findings are mapped back.
    // The literal pass stops at the first such character: most texts have none, and then learn it
    // from that pass rather than from a search of their own. The others are folded and searched again.
    let hits = this.literals.searchUnlessStopped(original);
    const folded = hits === undefined ? foldForMatching(original) : undefined;
    const text = folded?.text ?? original;
    hits ??= this.literals.search(text);
    lap?.('literal pass and fold');
    const checkpoint = () => {
      if (options.signal?.aborted) throw new ScanError('cancelled', l10n.t('The scan was cancelled.'));
      if (this.now() - started > budgetMs) {
        throw new ScanError('timeout', l10n.t('Scanning took longer than {0} ms, so the text was not released.', Math.round(budgetMs)));
      }
    };

    const raw: RawFinding[] = [];
    const reported = this.reported;
    const emit = (finding: RawFinding) => {
      if (reported.has(finding.kind)) raw.push(finding);
    };
    const fileKind = fileKindOf(options.path);
    for (let index = 0; index < this.detectors.length; index++) {
      const detector = this.detectors[index] as Detector;
      checkpoint();
      try {
        const context: ScanContext = { text, fileKind, hits: hits[index] ?? [], checkpoint };
        runDetector(detector, context, emit);
        lap?.(detector.id);
      } catch (error) {
        if (error instanceof ScanError) throw error;
        throw new ScanError('detector-failed', l10n.t('The {0} detector failed: {1}', detector.id, describeError(error)));
      }
    }
    // Without one of its triggers secretlint has no window to look at, and our own findings need
    // not be gathered for it (most small texts: a tenth of the scanner's own time on them).
    const triggers = hits[this.detectors.length] ?? [];
    if (this.secretlint !== false && this.categories.has('secret') && triggers.length > 0) {
      checkpoint();
      const ours = raw.filter((finding) => KINDS[finding.kind].category === 'secret').sort((a, b) => a.start - b.start);
      const windows = secretlintWindows(text, this.secretlint, triggers, ours);
      // Most texts give secretlint nothing to look at: they pay neither its set-up nor a timer.
      if (windows.length > 0) {
        let found: RawFinding[];
        try {
          found = await withDeadline(lintWindows(text, windows, this.secretlint, options.path), budgetMs - (this.now() - started), budgetMs);
        } catch (error) {
          if (error instanceof ScanError) throw error;
          throw new ScanError('detector-failed', l10n.t('The {0} detector failed: {1}', 'secretlint', describeError(error)));
        }
        // secretlint adds what our rules missed; where both saw a secret, ours is more precise
        // (the password of a URL rather than the whole URL).
        for (const finding of found) {
          if (ours.some((other) => other.start < finding.end && finding.start < other.end)) continue;
          // secretlint does not check GitHub's token checksum; a token that fails it is made up.
          const value = text.slice(finding.start, finding.end);
          if (/^gh[pousr]_[A-Za-z0-9]{36}$/.test(value) && !githubClassicTokenValid(value)) continue;
          // Its rules know no placeholders (`xoxb-xxxx…`, `postgres://%(user)s:%(password)s@…`); ours do.
          if (isPlaceholderValue(value) || holdsTemplateReference(value)) continue;
          emit(finding);
        }
      }
    }
    lap?.('secretlint');
    checkpoint();
    const repeated = addRepeats(text, raw);
    lap?.('repeated values');
    const merged = mergeOverlapping(repeated);
    lap?.('merge');
    const findings = withPositions(original, folded ? unfold(folded, merged) : merged);
    lap?.('positions');
    return findings;
  }
}

/** Adds the time since the last lap (at first, since `from`) to the named phase. */
function stopwatch(timings: Map<string, number>, now: () => number, from: number): (phase: string) => void {
  let mark = from;
  return (phase) => {
    const time = now();
    timings.set(phase, (timings.get(phase) ?? 0) + time - mark);
    mark = time;
  };
}

/**
 * Whether a scan for `categories` reports `kind`. A host the policy's dictionary lists (the only
 * source of `internal-host`) is one of its names: masked with them, as well as with the network
 * category it belongs to.
 */
function reportedBy(categories: ReadonlySet<Category>, kind: Kind): boolean {
  return categories.has(KINDS[kind].category) || (kind === 'internal-host' && categories.has('dictionary'));
}

/** Findings of the folded text, sorted and apart, as findings of the original (still so). */
function unfold(folded: FoldedText, findings: readonly RawFinding[]): RawFinding[] {
  return findings.map((finding) => ({ ...finding, ...unfoldSpan(folded, finding.start, finding.end) }));
}

function megabytes(length: number): string {
  return (length / (1024 * 1024)).toFixed(1);
}

function withDeadline<T>(promise: Promise<T>, remainingMs: number, budgetMs: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ScanError('timeout', l10n.t('Scanning took longer than {0} ms, so the text was not released.', Math.round(budgetMs)))), Math.max(0, remainingMs));
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * A value found once is masked everywhere it appears, in any casing, even where no rule would
 * see it (a password pasted again in a comment or typed again with Caps Lock on, a SIREN
 * repeated without its context), so no copy of a detected value survives redaction.
 *
 * The search runs on the lower-cased text with lower-cased values, one pass for all of them. Its
 * offsets are the text's own only when lower-casing kept every character's length (it does
 * but for a few letters such as "İ"); otherwise only exact copies are searched for.
 */
function addRepeats(text: string, findings: RawFinding[]): RawFinding[] {
  // Without a value to look for, the text is not lower-cased (a pass over all of it).
  if (!findings.some(repeatable)) return findings;
  const lower = text.toLowerCase();
  const folded = lower.length === text.length;
  const byValue = new Map<string, RawFinding>();
  for (const finding of findings) {
    if (!repeatable(finding)) continue;
    const value = (folded ? lower : text).slice(finding.start, finding.end);
    if (!byValue.has(value)) byValue.set(value, finding);
  }
  if (byValue.size === 0) return findings;
  const covered = new Set(findings.map((finding) => finding.start));
  const extra: RawFinding[] = [];
  // One pass for all values: a search per value made large scans quadratic in their findings.
  for (const { index, needle } of findAll(folded ? lower : text, byValue.keys())) {
    const original = byValue.get(needle);
    if (original && !covered.has(index)) extra.push({ ...original, start: index, end: index + needle.length, rule: `${original.rule}#repeat` });
  }
  return extra.length === 0 ? findings : findings.concat(extra);
}

/** Whether copies of a finding's value are looked for (see CONTEXT_FOUND_KINDS). */
function repeatable(finding: RawFinding): boolean {
  return finding.end - finding.start >= MIN_REPEATED_VALUE && CONTEXT_FOUND_KINDS.has(finding.kind);
}

/** Secrets outrank personal data, which outranks names and addresses; then confidence, then length. */
const CATEGORY_RANK: Readonly<Record<Category, number>> = { secret: 3, pii: 2, dictionary: 1, network: 0 };

function outranks(a: RawFinding, b: RawFinding): boolean {
  const rank = CATEGORY_RANK[KINDS[a.kind].category] - CATEGORY_RANK[KINDS[b.kind].category];
  if (rank !== 0) return rank > 0;
  if (a.confidence !== b.confidence) return a.confidence > b.confidence;
  return a.end - a.start > b.end - b.start;
}

/**
 * Overlapping findings become one, spanning all of them and named after the most confident:
 * keeping only one of two partly overlapping findings would leave part of a secret in clear.
 */
export function mergeOverlapping(findings: RawFinding[]): RawFinding[] {
  const sorted = findings.slice().sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: RawFinding[] = [];
  for (const finding of sorted) {
    const last = merged[merged.length - 1];
    if (last && finding.start < last.end) {
      const best = outranks(finding, last) ? finding : last;
      merged[merged.length - 1] = { kind: best.kind, start: last.start, end: Math.max(last.end, finding.end), rule: best.rule, confidence: best.confidence };
    } else {
      merged.push(finding);
    }
  }
  return merged;
}

/**
 * Adds the category, line and column (1-based, UTF-16 code units like the editor) to findings
 * sorted by start, walking the text's line breaks once, only as far as the last finding.
 */
function withPositions(text: string, sorted: readonly RawFinding[]): Finding[] {
  const findings: Finding[] = new Array<Finding>(sorted.length);
  let line = 1;
  let lineStart = 0;
  let nextBreak = text.indexOf('\n');
  for (let i = 0; i < sorted.length; i++) {
    const raw = sorted[i] as RawFinding;
    while (nextBreak !== -1 && nextBreak < raw.start) {
      line++;
      lineStart = nextBreak + 1;
      nextBreak = text.indexOf('\n', lineStart);
    }
    findings[i] = {
      kind: raw.kind,
      category: KINDS[raw.kind].category,
      start: raw.start,
      end: raw.end,
      line,
      column: raw.start - lineStart + 1,
      rule: raw.rule,
      confidence: raw.confidence,
    };
  }
  return findings;
}
