import * as vscode from 'vscode';
import { costOf, describeCost, type PriceTable } from '../../core/cost';
import { describeError } from '../../core/errors';
import { cutByTokenLimit, maskedCount, type PipelineOutcome, promptText } from '../../core/pipeline';
import { ProviderError } from '../../core/providers';
import { describeTruncation, type Template } from '../../core/templates';
import { Commands, COPY_PROVIDER } from '../../shared/ids';
import type { AiContext } from './deps';

export interface OutcomeContext {
  template: Template;
  providerId: string;
  answerUri: vscode.Uri | undefined;
  /** Runs the same template again with another provider (or the copy mode). */
  rerun(providerId: string): Promise<void>;
  /** The prices in force, so that the footer says what the answer cost. */
  prices: PriceTable;
}

/**
 * Shows what a run ended with: the finished answer, the redacted prompt on the clipboard, why
 * the policy blocked it (with the providers it allows and the copy mode as actions), or the
 * provider's error (with "Set API Key" when the key is missing or refused).
 */
export async function showOutcome(context: AiContext, outcome: PipelineOutcome, run: OutcomeContext): Promise<void> {
  const ai = context.ai;
  const finish = (note: string) => run.answerUri && ai.answers.set(run.answerUri, `${ai.answers.text(run.answerUri)}\n\n---\n\n_${note}_\n`);
  // What was cut to fit is said where the answer is read, and once in a notification.
  const cut = 'truncated' in outcome && outcome.truncated ? describeTruncation(outcome.truncated) : undefined;
  if (cut) void vscode.window.showWarningMessage(cut);
  switch (outcome.status) {
    case 'ok': {
      const masked = maskedCount(outcome.prompt.redactions);
      const answered = outcome.cached
        ? vscode.l10n.t('Reused the answer {0} gave to the same prompt a moment ago: nothing was sent, nothing was spent.', outcome.model)
        : vscode.l10n.t(
            'Answered by {0}: {1} tokens in, {2} out, {3}; {4} values were masked before sending.',
            outcome.model,
            outcome.usage.inputTokens,
            outcome.usage.outputTokens,
            describeCost(costOf(run.prices, outcome.model, outcome.usage)),
            masked,
          );
      // An answer cut by the output token limit says so where it is read, and once in a notification.
      const incomplete = cutByTokenLimit(outcome.finishReason) ? vscode.l10n.t('The answer is incomplete: it was cut by the output token limit ({0} tokens).', outcome.usage.outputTokens) : undefined;
      finish(`${answered}${cut ? ` ${cut}` : ''}${incomplete ? ` ${incomplete}` : ''}`);
      if (incomplete) void vscode.window.showWarningMessage(incomplete);
      if (outcome.budgetWarning) void vscode.window.showWarningMessage(outcome.budgetWarning);
      return;
    }
    case 'copied':
    case 'dry-run': {
      await vscode.env.clipboard.writeText(promptText(outcome.prompt));
      void vscode.window.showInformationMessage(vscode.l10n.t('Copied the redacted prompt to the clipboard: nothing was sent. {0} values were masked.', maskedCount(outcome.prompt.redactions)));
      return;
    }
    case 'blocked': {
      finish(outcome.message);
      const copy = vscode.l10n.t('Copy redacted prompt');
      // The copy mode is offered only when the file may go to AI at all; otherwise it would be blocked too.
      const actions = [...outcome.allowedProviders.map((id) => vscode.l10n.t('Use {0}', id)), ...(outcome.reason === 'provider-not-allowed' ? [copy] : [])];
      // The message is not awaited: the command ends now, and a choice made later runs again.
      void vscode.window
        .showWarningMessage(outcome.message, ...actions)
        .then((choice) => {
          if (choice === copy) return run.rerun(COPY_PROVIDER);
          if (choice !== undefined) return run.rerun(outcome.allowedProviders[actions.indexOf(choice)] ?? COPY_PROVIDER);
          return undefined;
        })
        .then(undefined, (error: unknown) => context.log.error(`Running again after a block failed: ${describeError(error)}`));
      return;
    }
    case 'cancelled':
      finish(vscode.l10n.t('Cancelled.'));
      void vscode.window.showInformationMessage(vscode.l10n.t('The AI call was cancelled.'));
      return;
    case 'error': {
      const message = describeError(outcome.error);
      finish(message);
      context.log.error(`AI call with ${run.providerId} failed: ${message}`);
      const setKey = vscode.l10n.t('Set API Key');
      const keyProblem = outcome.error instanceof ProviderError && (outcome.error.code === 'missing-key' || outcome.error.code === 'unauthorized');
      void vscode.window.showErrorMessage(outcome.prompt === undefined ? vscode.l10n.t('Nothing was sent: {0}', message) : message, ...(keyProblem ? [setKey] : [])).then((choice) => {
        if (choice === setKey) void vscode.commands.executeCommand(Commands.setApiKey, run.providerId);
      });
      return;
    }
  }
}
