import * as vscode from 'vscode';
import type { ProviderExclusion, ProviderIdentity } from '../../core/pipeline';
import type { ProviderConfig } from '../../core/providers';
import type { Template } from '../../core/templates';
import { PendingPick, pickProvider, pickTemplate, type TemplateItem } from './pickers';
import { type PreviewOptions, showPreview } from './preview';
import type { AiService } from './service';

/** The template picker of one run, open from the run's start. */
export interface TemplatePicker {
  /** The template chosen among these, or undefined when the picker was dismissed (even before it was filled). */
  choose(templates: readonly Template[], approvals: ReadonlyArray<{ id: string; sha256: string }>): Promise<Template | undefined>;
  /** Closes the picker when the run stops before it was filled. */
  dispose(): void;
}

/**
 * What a person answers during a run, asked through this one port: the editor's pickers, input
 * box and preview in production (`editorPrompter`), a script in tests. The run itself never asks
 * the editor, so no test branch lives in what decides whether a prompt is sent.
 */
export interface Prompter {
  /** Opens the template picker at once, busy, so keys typed while the templates load go to it, not to the editor. */
  openTemplatePicker(): TemplatePicker;
  /** The provider among those allowed (or the copy mode), the ones left out shown with why; undefined when dismissed. */
  chooseProvider(allowed: readonly ProviderIdentity[], configs: readonly ProviderConfig[], leftOut: readonly ProviderExclusion[]): Promise<string | undefined>;
  /** The person's notes for the model (empty to skip optional ones); undefined when dismissed. */
  notes(template: Template, required: boolean): Promise<string | undefined>;
  /** Shows exactly what would be sent and resolves with the decision: true to send. */
  preview(ai: AiService, options: PreviewOptions): Promise<boolean>;
}

/** The editor's dialogs: quick picks, an input box, and the preview's diff view with Send and Don't send. */
export const editorPrompter: Prompter = {
  openTemplatePicker: () => {
    const pending = new PendingPick<TemplateItem>(vscode.l10n.t('AI Guard: Run Prompt'));
    return { choose: (templates, approvals) => pickTemplate(templates, approvals, pending), dispose: () => pending.dispose() };
  },
  chooseProvider: pickProvider,
  notes: (template, required) =>
    Promise.resolve(
      vscode.window.showInputBox({
        title: template.title,
        prompt: required ? vscode.l10n.t('What should the model know? (required for this template)') : vscode.l10n.t('Anything the model should know? (optional: press Enter to skip)'),
        placeHolder: vscode.l10n.t('An error message, the audience, a goal…'),
        ignoreFocusOut: true,
        ...(required ? { validateInput: (value: string) => (value.trim() === '' ? vscode.l10n.t('This template needs your notes.') : undefined) } : {}),
      }),
    ),
  preview: showPreview,
};
