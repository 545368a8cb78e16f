import * as vscode from 'vscode';
import { Commands, POLICY_FILE } from '../../shared/ids';
import { loadClassificationEngine } from '../classification/workspacePolicies';
import type { CommandModule } from './types';

/**
 * "AI Guard: Create Policy": a starter `.aiguard/policy.json` for a folder (a workspace folder,
 * or the folder picked in the explorer, for one client of a monorepo), after two questions: the
 * client, if the folder holds one client's work, and the level of files no rule matches. An
 * existing policy is opened, never overwritten.
 */
export const createPolicy: CommandModule = {
  id: Commands.createPolicy,
  run: async (container, target?: unknown) => {
    const folder = target instanceof vscode.Uri ? target : await pickWorkspaceFolder();
    if (!folder) return;
    const policyUri = vscode.Uri.joinPath(folder, POLICY_FILE);
    if (await exists(policyUri)) {
      const open = vscode.l10n.t('Open it');
      const answer = await vscode.window.showInformationMessage(vscode.l10n.t('{0} already has a policy.', vscode.workspace.asRelativePath(folder)), open);
      if (answer === open) await vscode.window.showTextDocument(policyUri);
      return;
    }
    const clientName = await vscode.window.showInputBox({
      title: vscode.l10n.t('Create Policy (1/2): client'),
      prompt: vscode.l10n.t('The client whose work this folder holds, as people write it. Leave empty for internal work.'),
      placeHolder: vscode.l10n.t('e.g. Banque Ardoise'),
      ignoreFocusOut: true,
    });
    if (clientName === undefined) return;

    const service = container.classification();
    await service.whenReady();
    const levels = service.levels(folder);
    const french = vscode.env.language.toLowerCase().startsWith('fr');
    const suggested = clientName.trim() === '' ? 'internal' : 'confidential';
    const items = levels.map((level) => ({ label: french ? level.label.fr : level.label.en, description: level.id, id: level.id, picked: level.id === suggested }));
    // The suggestion first, so Enter accepts it.
    items.sort((a, b) => Number(b.picked) - Number(a.picked));
    const level = await vscode.window.showQuickPick(items, {
      title: vscode.l10n.t('Create Policy (2/2): default level'),
      placeHolder: vscode.l10n.t('The level of files no rule matches'),
      ignoreFocusOut: true,
    });
    if (!level) return;

    const engine = await loadClassificationEngine();
    const text = engine.renderStarterPolicy({ clientName: clientName.trim(), defaultLevel: level.id });
    await vscode.workspace.fs.writeFile(policyUri, new TextEncoder().encode(text));
    container.logger.info(`Created ${policyUri.fsPath}.`);
    await vscode.window.showTextDocument(policyUri);
  },
};

async function pickWorkspaceFolder(): Promise<vscode.Uri | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Open a folder first: a policy applies to a folder and everything below it.'));
    return undefined;
  }
  if (folders.length === 1) return folders[0]?.uri;
  const picked = await vscode.window.showWorkspaceFolderPick({ placeHolder: vscode.l10n.t('The folder the policy applies to') });
  return picked?.uri;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
