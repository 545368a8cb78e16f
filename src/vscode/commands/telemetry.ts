import * as vscode from 'vscode';
import { Commands } from '../../shared/ids';
import type { CommandModule } from './types';

/** "AI Guard: Show Telemetry Log": exactly what was sent and what is queued, with the id and the consent state. */
export const showTelemetryLog: CommandModule = {
  id: Commands.showTelemetryLog,
  run: async (container) => (await container.telemetry()).showLog(),
};

/** "AI Guard: Reset Telemetry ID": a new random installation id; what was queued under the old one is cleared. */
export const resetTelemetryId: CommandModule = {
  id: Commands.resetTelemetryId,
  run: async (container) => {
    const id = await (await container.telemetry()).resetId();
    void vscode.window.showInformationMessage(vscode.l10n.t('AI Guard: the telemetry installation id is now {0}; events queued under the old one were cleared.', id));
    return id;
  },
};
