import type * as vscode from 'vscode';
import type { AiGuardApi } from './vscode/api';
import { reportActivationFailure } from './vscode/activationFailure';

/**
 * The editor's entry point. It stays tiny on purpose: the adapter is imported lazily so that
 * activation costs as little as possible, and a failure is reported to the person, because
 * VS Code does not show a notification when an extension fails to activate.
 */
export async function activate(context: vscode.ExtensionContext): Promise<AiGuardApi> {
  try {
    const { activateExtension } = await import('./vscode/activate');
    return await activateExtension(context);
  } catch (error) {
    reportActivationFailure(error);
    throw error;
  }
}

/** Everything is disposed through `context.subscriptions`; nothing is left to do here. */
export function deactivate(): void {}
