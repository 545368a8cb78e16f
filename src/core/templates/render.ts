import * as l10n from '@vscode/l10n';
import { hasInput, placeholderValue, type TemplateContext } from './context';
import { type InputName, inputLabel } from './inputs';
import { renderTokens, tokenize } from './placeholders';
import type { Template } from './types';

/** A template filled in: the two messages for the model, and the required inputs it lacked. */
export interface RenderedPrompt {
  system: string;
  user: string;
  /**
   * The required inputs the context did not provide. When this is not empty the prompt is
   * incomplete: show `describeMissing(missing)` and do not send it. The texts are still filled
   * with what was there, for a preview.
   */
  missing: InputName[];
  /** Where each inserted value is in `system` and `user`, in order: what the prompt-size cut may shorten. */
  spans: { system: InsertedValue[]; user: InsertedValue[] };
}

/** One placeholder's value in a rendered text: its name (`selection`, `file.content`…) and [start, end). */
export interface InsertedValue {
  name: string;
  start: number;
  end: number;
}

/**
 * Fills a template's placeholders from `context`. Values go in verbatim and are never read
 * again, so a `{{…}}` inside the user's code stays as it is. Nothing is redacted here: the
 * pipeline redacts the rendered prompt, after this, as a whole.
 */
export function renderTemplate(template: Pick<Template, 'inputs' | 'system' | 'prompt'>, context: TemplateContext): RenderedPrompt {
  const lookup = (name: string) => placeholderValue(name, context);
  const spans: RenderedPrompt['spans'] = { system: [], user: [] };
  return {
    system: renderTokens(tokenize(template.system), lookup, (name, start, end) => spans.system.push({ name, start, end })),
    user: renderTokens(tokenize(template.prompt), lookup, (name, start, end) => spans.user.push({ name, start, end })),
    spans,
    missing: template.inputs.filter((input) => input.required && !hasInput(input.name, context)).map((input) => input.name),
  };
}

/** "This prompt needs the selected text, a git diff.", for the person running it. */
export function describeMissing(missing: readonly InputName[]): string {
  return l10n.t('This prompt needs {0}.', missing.map(inputLabel).join(', '));
}
