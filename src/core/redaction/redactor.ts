import { REDACTION_PLACEHOLDER } from './filters';
import { type Finding, KINDS, type Kind } from './kinds';
import type { ScanOptions, Scanner } from './scanner';

/**
 * Reversible masking. Each finding becomes a placeholder such as `[[AWS_SECRET_KEY_1]]`, which
 * language models copy verbatim; the same value gets the same placeholder for the whole
 * session, so the model can still tell two different passwords apart and an answer can be
 * restored locally.
 *
 * Placeholders cannot be forged by the text: a look-alike already in an input (a file quoting
 * `[[SECRET_1]]`, the template's own example `[[AWS_SECRET_KEY_1]]`) is never issued to a real
 * value (its number is reserved), and a look-alike of one this session did issue is itself
 * masked, by a fresh placeholder that restores to the literal. So restoring an answer never
 * writes a secret where the text had a literal.
 *
 * The mapping from placeholders to values lives in this object's memory only: it is never
 * written to disk, logged, sent in telemetry or put in the audit trail. Dispose of the session
 * (`clear`) when the conversation it serves ends.
 */
export class RedactionSession {
  private readonly placeholderOf = new Map<string, string>();
  private readonly valueOf = new Map<string, string>();
  private readonly counters = new Map<string, number>();
  /** Look-alikes met in inputs that this session did not issue: their numbers are never used. */
  private readonly reserved = new Set<string>();

  /** How many distinct values this session has masked. */
  get size(): number {
    return this.valueOf.size;
  }

  /** The placeholder for `value`, created on first use. */
  placeholderFor(kind: Kind, value: string): string {
    return this.issue(KINDS[kind].placeholder, value);
  }

  /**
   * Reserves the placeholder look-alikes of an input, so that no value is ever given one of
   * them. `apply` does it for its own text; a caller that masks several texts of one prompt
   * reserves all of them first, so a value of the first never takes a number the second shows.
   */
  reserve(text: string): void {
    for (const match of text.matchAll(PLACEHOLDERS)) if (!this.valueOf.has(match[0])) this.reserved.add(match[0]);
  }

  /**
   * Replaces each finding (non-overlapping, as the scanner returns them) with its placeholder,
   * and each look-alike of a placeholder this session issued with a placeholder of its own.
   */
  apply(text: string, findings: readonly Finding[]): string {
    this.reserve(text);
    const sorted = [...findings].sort((a, b) => a.start - b.start);
    const replacements: Array<{ start: number; end: number; placeholder: () => string }> = sorted.map((finding) => ({
      start: finding.start,
      end: finding.end,
      placeholder: () => this.placeholderFor(finding.kind, text.slice(finding.start, finding.end)),
    }));
    // Findings are sorted and disjoint, and so are the look-alikes: one walk finds the overlaps.
    let next = 0;
    for (const match of text.matchAll(PLACEHOLDERS)) {
      const literal = match[0];
      const start = match.index;
      const end = start + literal.length;
      while (next < sorted.length && (sorted[next] as Finding).end <= start) next++;
      // A finding always wins over a look-alike it overlaps: none of a secret may stay in clear.
      if (!this.valueOf.has(literal) || (next < sorted.length && (sorted[next] as Finding).start < end)) continue;
      replacements.push({ start, end, placeholder: () => this.issue(labelOf(literal), literal) });
    }
    replacements.sort((a, b) => a.start - b.start);
    let out = '';
    let cursor = 0;
    for (const replacement of replacements) {
      if (replacement.start < cursor) continue;
      out += text.slice(cursor, replacement.start) + replacement.placeholder();
      cursor = replacement.end;
    }
    return out + text.slice(cursor);
  }

  /** The placeholders this session issued that occur in `texts`: what a call's answer may restore. */
  issuedIn(...texts: readonly string[]): Set<string> {
    const issued = new Set<string>();
    for (const text of texts) for (const match of text.matchAll(PLACEHOLDERS)) if (this.valueOf.has(match[0])) issued.add(match[0]);
    return issued;
  }

  /**
   * Puts the real values back; placeholders this session did not make are left as they are.
   * With `scope` (the placeholders the prompt carried, `issuedIn`), only those are restored: an
   * answer may not name a value its prompt did not hold, even one the session masked earlier.
   */
  restore(text: string, scope?: ReadonlySet<string>): string {
    return text.replace(PLACEHOLDERS, (placeholder) => (scope && !scope.has(placeholder) ? placeholder : (this.valueOf.get(placeholder) ?? placeholder)));
  }

  /**
   * Restores a streamed answer chunk by chunk. A placeholder split across chunks
   * (`…[[AWS_SEC` then `RET_KEY_1]]…`) is held back until it is complete.
   */
  restoreStream(scope?: ReadonlySet<string>): StreamRestorer {
    let pending = '';
    return {
      push: (chunk: string) => {
        const data = pending + chunk;
        const hold = incompletePlaceholderStart(data);
        pending = data.slice(hold);
        return this.restore(data.slice(0, hold), scope);
      },
      end: () => {
        const rest = pending;
        pending = '';
        return this.restore(rest, scope);
      },
    };
  }

  /** Forgets every value. */
  clear(): void {
    this.placeholderOf.clear();
    this.valueOf.clear();
    this.counters.clear();
    this.reserved.clear();
  }

  /** The placeholder `[[LABEL_n]]` of `value`: n is the next number no input showed for this label. */
  private issue(label: string, value: string): string {
    const existing = this.placeholderOf.get(value);
    if (existing) return existing;
    let next = this.counters.get(label) ?? 0;
    let placeholder: string;
    do placeholder = `[[${label}_${++next}]]`;
    while (this.reserved.has(placeholder) || this.valueOf.has(placeholder));
    this.counters.set(label, next);
    this.placeholderOf.set(value, placeholder);
    this.valueOf.set(placeholder, value);
    return placeholder;
  }
}

/** `SECRET` of `[[SECRET_1]]`, `AWS_SECRET_KEY` of `[[AWS_SECRET_KEY_12]]`. */
function labelOf(placeholder: string): string {
  return placeholder.slice(2, placeholder.lastIndexOf('_'));
}

export interface StreamRestorer {
  /** Returns the restored text that can be shown now. */
  push(chunk: string): string;
  /** Returns whatever was held back, restored. */
  end(): string;
}

const PLACEHOLDERS = new RegExp(REDACTION_PLACEHOLDER.source, 'g');
/** Longer than any placeholder we make; a longer `[[…` run is ordinary text. */
const MAX_PLACEHOLDER_LENGTH = 64;

/** Where a possibly unfinished placeholder starts at the end of `data` (or data.length). */
function incompletePlaceholderStart(data: string): number {
  const from = Math.max(0, data.length - MAX_PLACEHOLDER_LENGTH);
  // The leftmost start wins: in `…[[JWT` both `[[JWT` and `[JWT` are candidate tails.
  for (let i = from; i < data.length; i++) {
    if (data[i] !== '[') continue;
    const tail = data.slice(i);
    if (/^\[(?:\[(?:[A-Z][A-Z0-9_]*)?(?:\])?)?$/.test(tail)) return i;
  }
  return data.length;
}

export interface RedactionResult {
  text: string;
  findings: Finding[];
  /** How many values of each kind were masked. */
  counts: Partial<Record<Kind, number>>;
}

/**
 * Scans and masks a text. Fails closed: if the scan throws, times out or is cancelled, this
 * rejects with the reason and no text is released.
 */
export async function redact(scanner: Scanner, session: RedactionSession, text: string, options: ScanOptions = {}): Promise<RedactionResult> {
  return applyFindings(session, text, await scanner.scan(text, options));
}

/** Masks findings already made (by `Scanner.scan` on this very text) and counts them. */
export function applyFindings(session: RedactionSession, text: string, findings: Finding[]): RedactionResult {
  const counts: Partial<Record<Kind, number>> = {};
  for (const finding of findings) counts[finding.kind] = (counts[finding.kind] ?? 0) + 1;
  return { text: session.apply(text, findings), findings, counts };
}
