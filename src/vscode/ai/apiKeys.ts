import * as vscode from 'vscode';
import { type ProviderConfig, secretKeyFor } from '../../core/providers';
import type { AiContext } from './deps';

/**
 * "AI Guard: Set API Key": a configured provider's key, typed in a password box and kept in the
 * editor's SecretStorage (the system keychain), never in settings. With one provider nothing is
 * picked; with several, the provider is picked first (`pickKeyProvider`), where no key can be typed. An empty answer removes the
 * stored key, after which the environment variable, if any, is used again.
 */
export async function setApiKey(context: AiContext, providerId?: string): Promise<void> {
  const configs = context.ai.providers.all();
  if (configs.length === 0) {
    const open = vscode.l10n.t('Open Settings');
    const choice = await vscode.window.showWarningMessage(vscode.l10n.t('No AI provider is configured. Add one to the aiGuard.providers setting first.'), open);
    if (choice === open) await vscode.commands.executeCommand('workbench.action.openSettings', 'aiGuard.providers');
    return;
  }
  const id = providerId !== undefined && configs.some((config) => config.id === providerId) ? providerId : configs.length === 1 ? configs[0]?.id : await pickKeyProvider(configs);
  if (id === undefined) return;

  const key = await vscode.window.showInputBox({
    title: vscode.l10n.t('AI Guard: Set API Key'),
    prompt: vscode.l10n.t('The API key for {0}. It is kept in the system keychain, never in settings. Leave empty to remove the stored key.', id),
    password: true,
    ignoreFocusOut: true,
  });
  if (key === undefined) return;
  const secrets = context.secrets;
  if (key.trim() === '') {
    await secrets.delete(secretKeyFor(id));
    context.log.info(`Removed the stored API key of provider ${id}.`);
    void vscode.window.showInformationMessage(vscode.l10n.t('The stored API key for {0} was removed.', id));
    return;
  }
  await secrets.store(secretKeyFor(id), key.trim());
  context.log.info(`Stored an API key for provider ${id}.`);
  void vscode.window.showInformationMessage(vscode.l10n.t('The API key for {0} is stored.', id));
}

/**
 * The provider whose key to set, among several. A plain quick pick has a filter box in clear
 * text, and someone who expects to be asked for the key pastes it there, where it stays on
 * screen (and in screen shares). So the filter box keeps only what begins a provider's name or
 * id, and clears anything else at once: a key is never a provider's name, so at most the few
 * characters it shares with one are ever shown, and Enter on typed text chooses nothing. Only a
 * listed provider can be accepted; the key itself is asked next, in a password box. (A password
 * input box to type the id in would hide the choice itself and make people type ids by heart.)
 */
async function pickKeyProvider(configs: readonly ProviderConfig[]): Promise<string | undefined> {
  const items = configs.map((config) => ({ label: config.label ?? config.id, description: `${config.id} · ${config.kind}`, id: config.id }));
  const pick = vscode.window.createQuickPick<(typeof items)[number]>();
  pick.title = vscode.l10n.t('AI Guard: Set API Key');
  pick.placeholder = vscode.l10n.t('Choose the provider whose key to set; its key is asked next, in a password box');
  pick.items = items;
  pick.ignoreFocusOut = true;
  pick.matchOnDescription = true;
  const startsAName = (text: string) => {
    const typed = text.toLowerCase();
    return items.some((item) => item.label.toLowerCase().startsWith(typed) || item.id.startsWith(typed));
  };
  return new Promise<string | undefined>((resolve) => {
    let chosen: string | undefined;
    pick.onDidChangeValue((value) => {
      if (value !== '' && !startsAName(value)) pick.value = '';
    });
    pick.onDidAccept(() => {
      const [item] = pick.selectedItems;
      if (item === undefined) {
        pick.value = '';
        return;
      }
      chosen = item.id;
      pick.hide();
    });
    pick.onDidHide(() => {
      pick.dispose();
      resolve(chosen);
    });
    pick.show();
  });
}
