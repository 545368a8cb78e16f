import * as vscode from 'vscode';
import { useBundle } from '../core/locale';
import { Views } from '../shared/ids';
import { VERSION } from '../shared/version';
import type { AiGuardApi } from './api';
import { registerCommands } from './commands';
import { Container } from './container';

/** Wires the extension together. Called once, lazily, by `src/extension.ts`. */
export async function activateExtension(context: vscode.ExtensionContext): Promise<AiGuardApi> {
  // The core translates with @vscode/l10n; hand it the bundle the editor picked for its locale.
  useBundle(vscode.l10n.bundle);

  const container = new Container(context);
  context.subscriptions.push(container);
  registerCommands(container);
  container.register(
    vscode.window.registerWebviewViewProvider(Views.sidebar, container.sidebar, {
      webviewOptions: { retainContextWhenHidden: false },
    }),
  );
  // Scanning open documents is not needed to finish activating; start it right after.
  setImmediate(() => {
    if (!container.isDisposed) void container.findings;
  });
  container.logger.info(
    `Etech AI Guard ${VERSION} activated (${vscode.env.appName} ${vscode.version}, ${vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop'} UI, language ${vscode.env.language}).`,
  );

  const api: AiGuardApi = { version: VERSION };
  if (context.extensionMode === vscode.ExtensionMode.Test) {
    const sidebar = container.sidebar;
    return {
      ...api,
      testing: {
        sidebarReady: () => sidebar.whenReady(),
        get rejectedMessages() {
          return sidebar.rejectedMessages;
        },
      },
    };
  }
  return api;
}
