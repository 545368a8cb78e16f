import * as l10n from '@vscode/l10n';
import type { TemplateContext } from './context';
import type { InsertedValue } from './render';

/** One input that was cut to fit: which, and how much of it was kept. */
export interface Truncation {
  input: 'selection' | 'file' | 'diff' | 'gitLog' | 'diagnostics' | 'folder' | 'logs' | 'notes';
  kept: number;
  total: number;
}

/**
 * Logs and histories matter most at their end (the error comes last, the newest commits are
 * what a report is about); code, diffs and notes at their start.
 */
const KEEP_END = new Set<Truncation['input']>(['logs', 'diagnostics']);

/** A range that a cut must not fall strictly inside (a finding: a secret, a name). */
interface Range {
  start: number;
  end: number;
}

/**
 * The part of `text` that is kept within `max` characters: its start (logs, diagnostics) or its
 * end is cut at a line, and never strictly inside one of `whole` (sorted by start, disjoint):
 * the cut moves back, or forward for an input kept at its end, to the range's edge.
 */
function keptRange(text: string, max: number, input: Truncation['input'], whole: readonly Range[]): Range {
  const straddled = (at: number) => whole.find((range) => range.start < at && at < range.end);
  if (KEEP_END.has(input)) {
    // Start at a line boundary, so that no line arrives half-read.
    const line = text.indexOf('\n', text.length - max);
    let start = line === -1 ? text.length - max : line + 1;
    for (let range = straddled(start); range; range = straddled(start)) {
      const next = text.indexOf('\n', range.end);
      start = next === -1 ? Math.min(range.end, text.length) : next + 1;
    }
    return { start, end: text.length };
  }
  const line = text.lastIndexOf('\n', max);
  let end = line <= 0 ? max : line + 1;
  for (let range = straddled(end); range; range = straddled(end)) {
    const previous = text.lastIndexOf('\n', range.start - 1);
    end = previous <= 0 ? Math.max(range.start, 0) : Math.min(previous + 1, range.start);
  }
  return { start: 0, end };
}

/** The text that stands for what a cut left out, with the line breaks around it. */
function marker(input: Truncation['input'], kept: string, omitted: number): { before: string; after: string } {
  if (KEEP_END.has(input)) return { before: `${l10n.t('[… {0} earlier characters were left out to fit the prompt …]', omitted)}\n`, after: '' };
  return { before: '', after: `${kept.endsWith('\n') ? '' : '\n'}${l10n.t('[… {0} more characters were left out to fit the prompt …]', omitted)}\n` };
}

/** The placeholders whose values a cut may shorten, and the input each one belongs to. */
const CUT_INPUTS: Readonly<Record<string, Truncation['input']>> = {
  selection: 'selection',
  'file.content': 'file',
  diff: 'diff',
  gitLog: 'gitLog',
  diagnostics: 'diagnostics',
  'folder.tree': 'folder',
  logs: 'logs',
  notes: 'notes',
};

/** A rendered text, where the inputs landed in it, and what its scan found (sorted, disjoint). */
export interface ScannedText<F extends Range> {
  text: string;
  spans: readonly InsertedValue[];
  findings: readonly F[];
}

/**
 * Cuts each input of a rendered prompt that was scanned whole to at most `maxCharacters`. A
 * prompt too large for the model would be refused whole (or billed in full); cutting each input
 * at a line, with a marker the model can see, keeps the run useful and says what it did not
 * see. When the selection is the whole file, both are cut alike and reported once. A cut never
 * falls strictly inside a finding: the scan saw every input entire (so a value found
 * by its context far away is still found where it is kept), and no cut can leave half of a
 * secret in clear or split its placeholder. The findings come back on the shortened texts;
 * a finding partly left out keeps what remains of it masked.
 */
export function truncateScanned<F extends Range>(
  parts: { system: ScannedText<F>; user: ScannedText<F> },
  context: TemplateContext,
  maxCharacters: number,
): { system: { text: string; findings: F[] }; user: { text: string; findings: F[] }; truncated: Truncation[] } {
  const truncated: Truncation[] = [];
  const selectionIsFile = context.file !== undefined && context.selection === context.file.content;
  const cutPart = (part: ScannedText<F>) => {
    const edits: Array<Range & { insert: string }> = [];
    for (const span of part.spans) {
      const input = CUT_INPUTS[span.name];
      if (input === undefined || span.end - span.start <= maxCharacters) continue;
      const value = part.text.slice(span.start, span.end);
      const whole = part.findings.filter((f) => f.start < span.end && span.start < f.end).map((f) => ({ start: f.start - span.start, end: f.end - span.start }));
      const kept = keptRange(value, maxCharacters, input, whole);
      const { before, after } = marker(input, value.slice(kept.start, kept.end), value.length - (kept.end - kept.start));
      if (kept.start > 0) edits.push({ start: span.start, end: span.start + kept.start, insert: before });
      if (kept.end < value.length) edits.push({ start: span.start + kept.end, end: span.end, insert: after });
      const reported = input === 'file' && selectionIsFile ? 'selection' : input;
      if (!truncated.some((entry) => entry.input === reported)) truncated.push({ input: reported, kept: kept.end - kept.start, total: value.length });
    }
    if (edits.length === 0) return { text: part.text, findings: [...part.findings] };
    let text = '';
    let cursor = 0;
    for (const edit of edits) {
      text += part.text.slice(cursor, edit.start) + edit.insert;
      cursor = edit.end;
    }
    text += part.text.slice(cursor);
    const moved = (at: number) => edits.reduce((position, edit) => (edit.end <= at ? position + edit.insert.length - (edit.end - edit.start) : position), at);
    const findings: F[] = [];
    for (const finding of part.findings) {
      // What is left of the finding outside the parts left out, each piece still masked.
      let start = finding.start;
      for (const edit of edits) {
        if (edit.end <= start || edit.start >= finding.end) continue;
        if (edit.start > start) findings.push({ ...finding, start: moved(start), end: moved(edit.start) });
        start = edit.end;
      }
      if (start < finding.end) findings.push({ ...finding, start: moved(start), end: moved(finding.end) });
    }
    return { text, findings };
  };
  return { system: cutPart(parts.system), user: cutPart(parts.user), truncated };
}

/** "The selection was cut to 200,000 of 812,345 characters", for the person running the template. */
export function describeTruncation(truncated: readonly Truncation[]): string {
  const parts = truncated.map((entry) => l10n.t('{0}: {1} of {2} characters', inputName(entry.input), entry.kept.toLocaleString('en-US'), entry.total.toLocaleString('en-US')));
  return l10n.t('Part of the context was left out to fit the prompt ({0}); the answer did not see the rest.', parts.join('; '));
}

function inputName(input: Truncation['input']): string {
  switch (input) {
    case 'selection':
      return l10n.t('the selection');
    case 'file':
      return l10n.t('the file');
    case 'diff':
      return l10n.t('the diff');
    case 'gitLog':
      return l10n.t('the git history');
    case 'diagnostics':
      return l10n.t('the diagnostics');
    case 'folder':
      return l10n.t('the folder listing');
    case 'logs':
      return l10n.t('the logs');
    case 'notes':
      return l10n.t('your notes');
  }
}
