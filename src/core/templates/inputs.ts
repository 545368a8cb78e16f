import * as l10n from '@vscode/l10n';

/**
 * The closed set of inputs a template may ask for. Each names something the caller gathers
 * (the editor from the active editor and the workspace, the CLI from its flags) and the
 * placeholders it fills. The set is closed so that the pipeline knows, before sending anything,
 * every source a prompt can carry and can classify each one.
 *
 * - `selection`: the selected text; when nothing is selected the gatherer may pass the whole
 *   document. Fills `{{selection}}`.
 * - `file`: the file the work is about: `{{file.path}}` (relative to the workspace, so no home
 *   folder or user name leaks) and `{{file.content}}` (its whole text).
 * - `language`: the programming or configuration language of the code, as an editor language
 *   id (`typescript`, `terraform`, `dockerfile`…). Fills `{{language}}`; taken from the file
 *   when the caller does not give it.
 * - `git-diff`: a unified diff (staged changes, or against a revision). Fills `{{diff}}`.
 * - `git-log`: commit history as text (`git log` with dates, authors and subjects). Fills `{{gitLog}}`.
 * - `diagnostics`: the editor's or compiler's problems for the code, one per line. Fills `{{diagnostics}}`.
 * - `folder-tree`: a folder (`{{folder.path}}`, relative to the workspace) and the indented
 *   list of what it holds (`{{folder.tree}}`).
 * - `logs`: log lines pasted or read from a file. Fills `{{logs}}`.
 * - `user-notes`: free text the user types when running the template (an error message, the
 *   audience, a decision). Fills `{{notes}}`.
 */
export const INPUT_NAMES = ['selection', 'file', 'language', 'git-diff', 'git-log', 'diagnostics', 'folder-tree', 'logs', 'user-notes'] as const;

export type InputName = (typeof INPUT_NAMES)[number];

/** One declared input: `selection` is required, `selection?` optional. */
export interface InputSpec {
  readonly name: InputName;
  readonly required: boolean;
}

/**
 * The placeholders each input fills, as written between `{{ }}` in a template body. The first
 * one is the input's own value: the input counts as gathered when that one has a value.
 */
export const INPUT_PLACEHOLDERS: Readonly<Record<InputName, readonly string[]>> = {
  selection: ['selection'],
  file: ['file.path', 'file.content'],
  language: ['language'],
  'git-diff': ['diff'],
  'git-log': ['gitLog'],
  diagnostics: ['diagnostics'],
  'folder-tree': ['folder.tree', 'folder.path'],
  logs: ['logs'],
  'user-notes': ['notes'],
};

/** The input that fills each placeholder. */
export const PLACEHOLDER_INPUT: ReadonlyMap<string, InputName> = new Map(
  (Object.entries(INPUT_PLACEHOLDERS) as Array<[InputName, readonly string[]]>).flatMap(([input, names]) => names.map((name) => [name, input] as const)),
);

/** An input as front-matter writes it: its name, then `?` when the template runs without it. */
export const INPUT_SPEC = new RegExp(`^(?:${INPUT_NAMES.join('|')})\\??$`);

export function parseInputSpec(text: string): InputSpec {
  const optional = text.endsWith('?');
  return { name: (optional ? text.slice(0, -1) : text) as InputName, required: !optional };
}

/** What an input is called in messages to the person running a template. */
export function inputLabel(name: InputName): string {
  switch (name) {
    case 'selection':
      return l10n.t('the selected text');
    case 'file':
      return l10n.t('the file');
    case 'language':
      return l10n.t('the language of the code');
    case 'git-diff':
      return l10n.t('a git diff');
    case 'git-log':
      return l10n.t('the git history');
    case 'diagnostics':
      return l10n.t('the diagnostics');
    case 'folder-tree':
      return l10n.t('the folder tree');
    case 'logs':
      return l10n.t('the logs');
    case 'user-notes':
      return l10n.t('your notes');
  }
}
