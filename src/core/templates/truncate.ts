import * as l10n from '@vscode/l10n';
import type { TemplateContext } from './context';

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

function cut(text: string, max: number, input: Truncation['input']): { text: string; truncation?: Truncation } {
  if (text.length <= max) return { text };
  const omitted = text.length - max;
  if (KEEP_END.has(input)) {
    // Start at a line boundary, so that no line arrives half-read.
    const start = text.indexOf('\n', omitted);
    const kept = start === -1 ? text.slice(omitted) : text.slice(start + 1);
    return { text: `${l10n.t('[… {0} earlier characters were left out to fit the prompt …]', text.length - kept.length)}\n${kept}`, truncation: { input, kept: kept.length, total: text.length } };
  }
  const end = text.lastIndexOf('\n', max);
  const kept = end <= 0 ? text.slice(0, max) : text.slice(0, end + 1);
  return { text: `${kept}${kept.endsWith('\n') ? '' : '\n'}${l10n.t('[… {0} more characters were left out to fit the prompt …]', text.length - kept.length)}\n`, truncation: { input, kept: kept.length, total: text.length } };
}

/**
 * The context with each text input cut to at most `maxCharacters`, and what was cut. A prompt
 * too large for the model would be refused whole (or billed in full); cutting each input at a
 * line, with a marker the model can see, keeps the run useful and says what it did not see.
 * When the selection is the whole file, both are cut alike and reported once.
 */
export function truncateContext(context: TemplateContext, maxCharacters: number): { context: TemplateContext; truncated: Truncation[] } {
  const truncated: Truncation[] = [];
  const next: TemplateContext = { ...context };
  const apply = (input: Truncation['input'], text: string | undefined, set: (value: string) => void) => {
    if (text === undefined) return;
    const result = cut(text, maxCharacters, input);
    if (result.truncation) {
      set(result.text);
      truncated.push(result.truncation);
    }
  };
  const selectionIsFile = context.file !== undefined && context.selection === context.file.content;
  apply('selection', context.selection, (value) => (next.selection = value));
  if (context.file) {
    const file = context.file;
    if (selectionIsFile) {
      if (next.selection !== context.selection) next.file = { ...file, content: next.selection ?? file.content };
    } else apply('file', file.content, (value) => (next.file = { ...file, content: value }));
  }
  apply('diff', context.diff, (value) => (next.diff = value));
  apply('gitLog', context.gitLog, (value) => (next.gitLog = value));
  apply('diagnostics', context.diagnostics, (value) => (next.diagnostics = value));
  if (context.folder) {
    const folder = context.folder;
    apply('folder', folder.tree, (value) => (next.folder = { ...folder, tree: value }));
  }
  apply('logs', context.logs, (value) => (next.logs = value));
  apply('notes', context.notes, (value) => (next.notes = value));
  return { context: next, truncated };
}

/** "The selection was cut to 200,000 of 812,345 characters", for the person running the template. */
export function describeTruncation(truncated: readonly Truncation[]): string {
  const parts = truncated.map((entry) => l10n.t('{0}: {1} of {2} characters', inputName(entry.input), entry.kept.toLocaleString('en-US'), entry.total.toLocaleString('en-US')));
  return l10n.t('Part of the context was left out to fit the prompt ({0}); the answer did not see the rest.', parts.join('; '));
}

function inputName(input: Truncation['input']): string {
  switch (input) {
    case 'selection': return l10n.t('the selection');
    case 'file': return l10n.t('the file');
    case 'diff': return l10n.t('the diff');
    case 'gitLog': return l10n.t('the git history');
    case 'diagnostics': return l10n.t('the diagnostics');
    case 'folder': return l10n.t('the folder listing');
    case 'logs': return l10n.t('the logs');
    case 'notes': return l10n.t('your notes');
  }
}
