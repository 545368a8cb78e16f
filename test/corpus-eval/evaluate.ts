/**
 * Scores a detector on the evaluation corpus: recall per family (a label counts only when the
 * findings cover all of it), format-only recall, the full-coverage rate (of the labels touched,
 * how many were masked whole), and the share of hard negatives and placeholders flagged. Used by
 * `npm run bench` and by the unit test that holds the acceptance figures.
 */
import type { EvalCategory, EvalCorpus, EvalLabel } from './index';

export interface Span {
  readonly start: number;
  readonly end: number;
  readonly category: string;
}

export type Detect = (content: string, path: string) => Promise<readonly Span[]>;

export interface Tally {
  found: number;
  partial: number;
  total: number;
}

export interface Miss {
  readonly family: string;
  readonly type: string;
  readonly path: string;
  /** The labelled value with its middle hidden, so a report never prints a whole value. */
  readonly shape: string;
  readonly partial: boolean;
}

export interface EvalReport {
  readonly families: Map<string, Tally & { category: EvalCategory }>;
  readonly byCategory: Record<EvalCategory, Tally>;
  readonly formatOnly: Tally;
  readonly misses: Miss[];
  readonly hardNegatives: { flagged: number; total: number; examples: string[] };
  readonly placeholders: { flagged: number; total: number; examples: string[] };
  /** Findings in the labelled files that touch no label (secret and personal data only). */
  readonly unlabelledFindings: number;
}

const COUNTED = new Set(['secret', 'pii']);

function coverage(label: EvalLabel, spans: readonly Span[]): 'full' | 'partial' | 'none' {
  let cursor = label.start;
  let touched = false;
  for (const span of spans) {
    if (span.end <= label.start || span.start >= label.end) continue;
    touched = true;
    if (span.start <= cursor && span.end > cursor) cursor = span.end;
    if (cursor >= label.end) return 'full';
  }
  return touched ? 'partial' : 'none';
}

export function shapeOf(value: string): string {
  const flat = value.replace(/\s+/g, ' ');
  return flat.length <= 8 ? `${flat.slice(0, 2)}…(${flat.length})` : `${flat.slice(0, 6)}…${flat.slice(-2)} (${flat.length})`;
}

const empty = (): Tally => ({ found: 0, partial: 0, total: 0 });

export async function evaluate(corpus: EvalCorpus, detect: Detect): Promise<EvalReport> {
  const families = new Map<string, Tally & { category: EvalCategory }>();
  const byCategory: Record<EvalCategory, Tally> = { secret: empty(), pii: empty() };
  const formatOnly = empty();
  const misses: Miss[] = [];
  let unlabelledFindings = 0;
  for (const file of corpus.files) {
    const spans = [...(await detect(file.content, file.path))].filter((span) => COUNTED.has(span.category)).sort((a, b) => a.start - b.start);
    for (const label of file.labels) {
      const result = coverage(label, spans);
      const family = families.get(label.family) ?? { ...empty(), category: label.category };
      for (const tally of [family, byCategory[label.category], ...(label.formatOnly ? [formatOnly] : [])]) {
        tally.total++;
        if (result === 'full') tally.found++;
        if (result === 'partial') tally.partial++;
      }
      families.set(label.family, family);
      if (result !== 'full') misses.push({ family: label.family, type: file.type, path: file.path, shape: shapeOf(file.content.slice(label.start, label.end)), partial: result === 'partial' });
    }
    for (const span of spans) if (!file.labels.some((label) => span.start < label.end && span.end > label.start)) unlabelledFindings++;
  }
  const flaggedIn = async (snippets: EvalCorpus['hardNegatives']) => {
    let flagged = 0;
    const examples: string[] = [];
    for (const snippet of snippets) {
      const spans = (await detect(snippet.content, snippet.path)).filter((span) => COUNTED.has(span.category));
      if (spans.length === 0) continue;
      flagged++;
      if (!examples.includes(snippet.description)) examples.push(snippet.description);
    }
    return { flagged, total: snippets.length, examples };
  };
  return {
    families,
    byCategory,
    formatOnly,
    misses,
    hardNegatives: await flaggedIn(corpus.hardNegatives),
    placeholders: await flaggedIn(corpus.placeholders),
    unlabelledFindings,
  };
}

/** Found whole, over all: the recall figure of the acceptance criteria. */
export const rate = (tally: { found: number; total: number }) => (tally.total === 0 ? 1 : tally.found / tally.total);

/** Of the labels a finding touched, the share masked whole (no partial masks). */
export const fullCoverage = (tally: Tally) => (tally.found + tally.partial === 0 ? 1 : tally.found / (tally.found + tally.partial));
