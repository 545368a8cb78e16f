import * as l10n from '@vscode/l10n';

/**
 * What is wrong with a policy, where: the unit of the Problems panel and of `ai-guard policy
 * check`. Lines and columns are 1-based; the column counts UTF-16 code units, like the editor.
 * The end, when known, is exclusive.
 */
export interface Problem {
  /** The policy file (a path, the organisation policy's URL, or the settings it came from). */
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  severity: 'error' | 'warning';
  message: string;
}

/** A place in a policy, for a problem. */
export interface Span {
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

/** The start of a file: where problems about a whole file, or one without text, are put. */
export const FILE_START: Span = { line: 1, column: 1 };

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((problem) => problem.severity === 'error');
}

/** `file:line:column: severity: message`, the form compilers and linters print. */
export function formatProblem(problem: Problem): string {
  const severity = problem.severity === 'error' ? l10n.t('error') : l10n.t('warning');
  return `${problem.file}:${problem.line}:${problem.column}: ${severity}: ${problem.message}`;
}

/** Problems in reading order: by file, then position, errors before warnings at one place. */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  return [...problems].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.column - b.column || (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
}

/** How messages name a policy: its file, or the built-in policy. */
export function policyName(file: string | undefined): string {
  return file ?? l10n.t('the built-in policy');
}
