import * as vscode from 'vscode';
import { describeError } from '../core/errors';
import { useBundle } from '../core/locale';
import { Views } from '../shared/ids';
import { VERSION } from '../shared/version';
import type { AiGuardApi } from './api';
import { registerCommands } from './commands';
import { reportSettingProblemsTo } from './platform/configuration';
import { Container } from './container';

/** Wires the extension together. Called once, lazily, by `src/extension.ts`. */
export async function activateExtension(context: vscode.ExtensionContext): Promise<AiGuardApi> {
  // The core translates with @vscode/l10n; hand it the bundle the editor picked for its locale.
  useBundle(vscode.l10n.bundle);

  const testing = context.extensionMode === vscode.ExtensionMode.Test;
  // In the in-editor tests, the next "Set Up AI Tools" confirmation may be scripted, as the person would answer it.
  const scriptedToolSetup: boolean[] = [];
  const container = new Container(context, testing ? { confirmToolSetup: async (files) => scriptedToolSetup.shift() ?? (await import('./tools/aiTools')).confirmWithDialog(files) } : {});
  context.subscriptions.push(container);
  registerCommands(container);
  container.register(
    vscode.window.registerWebviewViewProvider(
      Views.sidebar,
      { resolveWebviewView: async (view) => (await container.sidebar()).resolveWebviewView(view) },
      {
        webviewOptions: { retainContextWhenHidden: false },
      },
    ),
  );
  // Classifying and scanning open documents is not needed to finish activating; start right after.
  setImmediate(() => {
    if (container.isDisposed) return;
    container.classificationFaces();
    container.findings();
    void container.telemetry();
    // Reads the AI tools' files once, so that a later policy change can say which went stale.
    container
      .aiTools()
      .then((tools) => tools.status())
      .catch((error: unknown) => container.logger.warn(`AI tools: their status could not be read: ${describeError(error)}`));
  });
  reportSettingProblemsTo(container.logger);
  context.subscriptions.push({ dispose: () => reportSettingProblemsTo(undefined) });
  container.logger.info(
    `Etech AI Guard ${VERSION} activated (${vscode.env.appName} ${vscode.version}, ${vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop'} UI, language ${vscode.env.language}).`,
  );

  const api: AiGuardApi = { version: VERSION };
  if (testing) {
    const sidebar = () => container.sidebar();
    return {
      ...api,
      testing: {
        sidebarReady: async () => (await sidebar()).whenReady(),
        get commandFailures() {
          return container.commandFailures;
        },
        get rejectedMessages() {
          return container.loadedSidebar?.rejectedMessages ?? [];
        },
        sidebarState: async () => {
          const provider = await sidebar();
          await provider.refreshNow();
          return provider.lastModel;
        },
        sidebarReceive: async (message) => (await sidebar()).receive(message),
        sidebarFirstPaint: () => container.loadedSidebar?.firstPaint,
        classificationOf: async (uri) => {
          await container.classification().whenReady();
          const classification = container.classification().classify(vscode.Uri.parse(uri));
          return (
            classification && {
              level: classification.level,
              client: classification.client?.id,
              aiAllowed: classification.aiAllowed,
              excluded: classification.excluded,
              reasons: classification.reasons.map((reason) => reason.detail),
            }
          );
        },
        statusBar: () => container.classificationFaces().statusBar.current,
        lastAiRun: async () => (await container.ai()).lastRun,
        auditRecords: async () => (await (await container.ai()).audit?.records()) ?? [],
        telemetryState: async () => {
          const telemetry = await container.telemetry();
          await telemetry.settled();
          const state = await telemetry.outbox.snapshot();
          return {
            allowed: telemetry.consent.allowed,
            reason: telemetry.consent.reason,
            installationId: state.installationId,
            queued: state.events.length,
            log: state.log.map(({ kind, count, status }) => ({ kind, count, ...(status !== undefined ? { status } : {}) })),
          };
        },
        flushTelemetry: async () => {
          await (await container.telemetry()).flush();
        },
        answerNextToolSetup: (write) => {
          scriptedToolSetup.splice(0, scriptedToolSetup.length, write);
          return Promise.resolve();
        },
        lastToolSetup: async () => (await container.aiTools()).lastSetup,
        aiToolStates: async () => {
          const tools = await container.aiTools();
          const status = await tools.status();
          return { states: Object.fromEntries(status.tools.map((tool) => [tool.id, tool.state])), staleWarning: tools.lastStaleWarning };
        },
        decorationOf: (uri) => {
          const decoration = container.classificationFaces().decorations.provideFileDecoration(vscode.Uri.parse(uri));
          return decoration && { badge: decoration.badge, tooltip: decoration.tooltip, color: decoration.color instanceof vscode.ThemeColor ? decoration.color.id : undefined };
        },
      },
    };
  }
  return api;
}
