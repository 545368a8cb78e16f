import { INPUT_PLACEHOLDERS, type InputName } from './inputs';

/**
 * What the caller gathered for one run of a template. Every field is optional: a template
 * declares which ones it needs, and rendering reports the required ones that are missing.
 * Texts are inserted as given; redaction happens afterwards, on the rendered prompt.
 */
export interface TemplateContext {
  selection?: string | undefined;
  /** `path` relative to the workspace; `languageId` as the editor names it (`typescript`). */
  file?: { path: string; content: string; languageId?: string | undefined } | undefined;
  /** The language of the code; defaults to `file.languageId`. */
  language?: string | undefined;
  diff?: string | undefined;
  gitLog?: string | undefined;
  diagnostics?: string | undefined;
  /** `path` relative to the workspace; `tree` an indented listing of its content. */
  folder?: { path: string; tree: string } | undefined;
  logs?: string | undefined;
  notes?: string | undefined;
}

/**
 * The text of one placeholder in `context`, or undefined when it was not gathered. A text of
 * blanks only counts as not gathered: an empty selection or diff gives the model nothing to
 * work on, and an optional section about it should be left out.
 */
export function placeholderValue(name: string, context: TemplateContext): string | undefined {
  const value = rawValue(name, context);
  return value === undefined || value.trim() === '' ? undefined : value;
}

function rawValue(name: string, context: TemplateContext): string | undefined {
  switch (name) {
    case 'selection':
      return context.selection;
    case 'file.path':
      return context.file?.path;
    case 'file.content':
      return context.file?.content;
    case 'language':
      return context.language ?? context.file?.languageId;
    case 'diff':
      return context.diff;
    case 'gitLog':
      return context.gitLog;
    case 'diagnostics':
      return context.diagnostics;
    case 'folder.path':
      return context.folder?.path;
    case 'folder.tree':
      return context.folder?.tree;
    case 'logs':
      return context.logs;
    case 'notes':
      return context.notes;
    default:
      return undefined;
  }
}

/**
 * Whether an input was gathered: whether its first placeholder has a value. A file counts when
 * its path is known, even if the file is empty (an empty file is still something to document
 * or test); a folder needs its listing.
 */
export function hasInput(name: InputName, context: TemplateContext): boolean {
  const [key] = INPUT_PLACEHOLDERS[name];
  return key !== undefined && placeholderValue(key, context) !== undefined;
}
