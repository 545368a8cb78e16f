import * as vscode from 'vscode';
import { describeError } from '../../core/errors';
import type { Container } from '../container';
import { acceptProposal, applyAnswer, copyAnswer, discardProposal, insertAnswer, rateAnswer, rerunAnswer } from './answerActions';
import { exportAuditLog, showAuditLog, verifyAuditLog } from './auditLog';
import { copyRedacted } from './copyRedacted';
import { createPolicy } from './createPolicy';
import { declinePreview, sendPreview } from './previewDecision';
import { documentCode } from './documentCode';
import { generateTests } from './generateTests';
import { reviewSelection } from './reviewSelection';
import { runPrompt } from './runPrompt';
import { setApiKey } from './setApiKey';
import { explainClassification } from './explainClassification';
import { showOutput } from './showOutput';
import { setUpAiTools } from './setUpAiTools';
import { resetTelemetryId, showTelemetryLog } from './telemetry';
import type { CommandModule } from './types';

/** Every command the extension contributes. A unit test checks it against `Commands`. */
export const commandModules: readonly CommandModule[] = [
  showOutput,
  copyRedacted,
  explainClassification,
  createPolicy,
  setApiKey,
  runPrompt,
  reviewSelection,
  generateTests,
  documentCode,
  showAuditLog,
  exportAuditLog,
  verifyAuditLog,
  showTelemetryLog,
  resetTelemetryId,
  copyAnswer,
  insertAnswer,
  applyAnswer,
  rerunAnswer,
  rateAnswer,
  acceptProposal,
  discardProposal,
  setUpAiTools,
  sendPreview,
  declinePreview,
];

/**
 * Registers every command. A command that throws is logged and shown to the person once, with
 * the reason, instead of failing silently in the extension host log.
 */
export function registerCommands(container: Container): void {
  for (const command of commandModules) {
    container.register(
      vscode.commands.registerCommand(command.id, async (...args: unknown[]) => {
        try {
          container.noteCommand(command.id);
          return await command.run(container, ...args);
        } catch (error) {
          container.logger.error(`Command ${command.id} failed: ${describeError(error)}`);
          container.commandFailures.push(`${command.id}: ${describeError(error)}`);
          if (container.commandFailures.length > 50) container.commandFailures.shift();
          void vscode.window.showErrorMessage(vscode.l10n.t('AI Guard: the command failed: {0}', describeError(error)));
          return undefined;
        }
      }),
    );
  }
}
