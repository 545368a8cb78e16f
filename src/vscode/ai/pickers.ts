import * as vscode from 'vscode';
import type { ProviderIdentity } from '../../core/pipeline';
import type { ProviderConfig } from '../../core/providers';
import { approvalLabel, approvalOf, profileLabel, type Template } from '../../core/templates';
import { COPY_PROVIDER } from '../../shared/ids';

/**
 * "Run Prompt…": the templates grouped by profile, each with its description and approval
 * badge. Templates the policy would refuse stay listed, so people see they exist and why they
 * cannot run; the pipeline then says so.
 */
export async function pickTemplate(templates: readonly Template[], approvals: ReadonlyArray<{ id: string; sha256: string }>): Promise<Template | undefined> {
  type Item = vscode.QuickPickItem & { template?: Template };
  const items: Item[] = [];
  let profile: Template['profile'] | undefined;
  for (const template of templates) {
    if (template.profile !== profile) {
      profile = template.profile;
      items.push({ label: profileLabel(profile), kind: vscode.QuickPickItemKind.Separator });
    }
    items.push({ label: template.title, description: `${template.id} · ${approvalLabel(approvalOf(template, approvals))}`, detail: template.description, template });
  }
  const chosen = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('AI Guard: Run Prompt'), placeHolder: vscode.l10n.t('Choose a prompt template'), matchOnDescription: true, matchOnDetail: true });
  return chosen?.template;
}

/** The providers the file's level allows, and the copy mode, which every level that allows AI accepts. */
export async function pickProvider(allowed: readonly ProviderIdentity[], configs: readonly ProviderConfig[]): Promise<string | undefined> {
  const items: Array<vscode.QuickPickItem & { id: string }> = allowed.map((identity) => {
    const config = configs.find((candidate) => candidate.id === identity.id);
    // A configuration that does not match its id's catalogue entry says so, rather than pass for that provider.
    const trust = identity.untrusted === true ? vscode.l10n.t("not the policy's '{0}': its kind or address differs (see the AI Guard log)", identity.id) : identity.tags.join(', ');
    return { id: identity.id, label: config?.label ?? identity.id, description: [config?.model ?? config?.deployment, trust].filter(Boolean).join(' · ') };
  });
  items.push({ id: COPY_PROVIDER, label: vscode.l10n.t('Copy redacted prompt'), description: vscode.l10n.t('send nothing; put the redacted prompt on the clipboard') });
  const chosen = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('AI Guard: Run Prompt'), placeHolder: vscode.l10n.t('Choose where the prompt goes (only the providers allowed for this file are listed)') });
  return chosen?.id;
}
