import * as vscode from 'vscode';
import type { SecretStore } from '../../core/ports';
import { secretKeyFor } from '../../core/providers';
import type { Container } from '../container';

/**
 * "AI Guard: Set API Key": a configured provider's key, typed in a password box and kept in the
 * editor's SecretStorage (the system keychain), never in settings. An empty answer removes the
 * stored key, after which the environment variable, if any, is used again.
 */
export async function setApiKey(container: Container, providerId?: string): Promise<void> {
  const configs = (await container.ai()).providers.all();
  if (configs.length === 0) {
    const open = vscode.l10n.t('Open Settings');
    const choice = await vscode.window.showWarningMessage(vscode.l10n.t('No AI provider is configured. Add one to the aiGuard.providers setting first.'), open);
    if (choice === open) await vscode.commands.executeCommand('workbench.action.openSettings', 'aiGuard.providers');
    return;
  }
  const id =
    providerId !== undefined && configs.some((config) => config.id === providerId)
      ? providerId
      : (await vscode.window.showQuickPick(configs.map((config) => ({ label: config.label ?? config.id, description: `${config.id} · ${config.kind}`, id: config.id })), { title: vscode.l10n.t('AI Guard: Set API Key'), placeHolder: vscode.l10n.t('Choose the provider whose key to set') }))?.id;
  if (id === undefined) return;

  const key = await vscode.window.showInputBox({
    title: vscode.l10n.t('AI Guard: Set API Key'),
    prompt: vscode.l10n.t('The API key for {0}. It is kept in the system keychain, never in settings. Leave empty to remove the stored key.', id),
    password: true,
    ignoreFocusOut: true,
  });
  if (key === undefined) return;
  const secrets = container.context.secrets;
  if (key.trim() === '') {
    await secrets.delete(secretKeyFor(id));
    container.logger.info(`Removed the stored API key of provider ${id}.`);
    void vscode.window.showInformationMessage(vscode.l10n.t('The stored API key for {0} was removed.', id));
    return;
  }
  await secrets.store(secretKeyFor(id), key.trim());
  container.logger.info(`Stored an API key for provider ${id}.`);
  void vscode.window.showInformationMessage(vscode.l10n.t('The API key for {0} is stored.', id));
}

/** The editor's SecretStorage as the core's port (its methods return thenables, the port promises). */
export function secretStoreOf(storage: vscode.SecretStorage): SecretStore {
  return {
    get: async (key) => storage.get(key),
    store: async (key, value) => storage.store(key, value),
    delete: async (key) => storage.delete(key),
  };
}
