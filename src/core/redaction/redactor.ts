import { REDACTION_PLACEHOLDER } from './filters';
import { type Finding, KINDS, type Kind } from './kinds';
import type { ScanOptions, Scanner } from './scanner';

/**
 * Reversible masking. Each finding becomes a placeholder such as `[[AWS_SECRET_KEY_1]]`, which
 * language models copy verbatim; the same value gets the same placeholder for the whole
 * session, so the model can still tell two different passwords apart and an answer can be
 * restored locally.
 *
 * The mapping from placeholders to values lives in this object's memory only: it is never
 * written to disk, logged, sent in telemetry or put in the audit trail. Dispose of the session
 * (`clear`) when the conversation it serves ends.
 */
export class RedactionSession {
  private readonly placeholderOf = new Map<string, string>();
  private readonly valueOf = new Map<string, string>();
  private readonly counters = new Map<string, number>();

  /** How many distinct values this session has masked. */
  get size(): number {
    return this.valueOf.size;
  }

  /** The placeholder for `value`, created on first use. */
  placeholderFor(kind: Kind, value: string): string {
    const existing = this.placeholderOf.get(value);
    if (existing) return existing;
    const label = KINDS[kind].placeholder;
    const next = (this.counters.get(label) ?? 0) + 1;
    this.counters.set(label, next);
    const placeholder = `[[${label}_${next}]]`;
    this.placeholderOf.set(value, placeholder);
    this.valueOf.set(placeholder, value);
    return placeholder;
  }

  /** Replaces each finding (non-overlapping, as the scanner returns them) with its placeholder. */
  apply(text: string, findings: readonly Finding[]): string {
    let out = '';
    let cursor = 0;
    for (const finding of [...findings].sort((a, b) => a.start - b.start)) {
      if (finding.start < cursor) continue;
      out += text.slice(cursor, finding.start) + this.placeholderFor(finding.kind, text.slice(finding.start, finding.end));
      cursor = finding.end;
    }
    return out + text.slice(cursor);
  }

  /** Puts the real values back; placeholders this session did not make are left as they are. */
  restore(text: string): string {
    return text.replace(PLACEHOLDERS, (placeholder) => this.valueOf.get(placeholder) ?? placeholder);
  }

  /**
   * Restores a streamed answer chunk by chunk. A placeholder split across chunks
   * (`…[[AWS_SEC` then `RET_KEY_1]]…`) is held back until it is complete.
   */
  restoreStream(): StreamRestorer {
    let pending = '';
    return {
      push: (chunk: string) => {
        const data = pending + chunk;
        const hold = incompletePlaceholderStart(data);
        pending = data.slice(hold);
        return this.restore(data.slice(0, hold));
      },
      end: () => {
        const rest = pending;
        pending = '';
        return this.restore(rest);
      },
    };
  }

  /** Forgets every value. */
  clear(): void {
    this.placeholderOf.clear();
    this.valueOf.clear();
    this.counters.clear();
  }
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
  const findings = await scanner.scan(text, options);
  const counts: Partial<Record<Kind, number>> = {};
  for (const finding of findings) counts[finding.kind] = (counts[finding.kind] ?? 0) + 1;
  return { text: session.apply(text, findings), findings, counts };
}
