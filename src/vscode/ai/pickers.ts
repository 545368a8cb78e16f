import * as vscode from 'vscode';
import type { ProviderExclusion, ProviderIdentity } from '../../core/pipeline';
import type { ProviderConfig } from '../../core/providers';
import { approvalLabel, approvalOf, profileLabel, type Template } from '../../core/templates';
import { COPY_PROVIDER } from '../../shared/ids';

/**
 * A quick pick shown at once, busy, while what it lists is still being loaded: on a busy machine
 * the keys someone types after the command land in its filter box, not in the editor (where
 * they would replace the selection). `choose` fills it and resolves with the accepted item, or
 * undefined when it was dismissed, even before it was filled.
 */
export class PendingPick<T extends vscode.QuickPickItem> implements vscode.Disposable {
  private readonly pick = vscode.window.createQuickPick<T>();
  private hidden = false;

  constructor(title: string) {
    this.pick.title = title;
    this.pick.placeholder = vscode.l10n.t('Loading…');
    this.pick.busy = true;
    this.pick.ignoreFocusOut = false;
    this.pick.onDidHide(() => (this.hidden = true));
    this.pick.show();
  }

  choose(items: readonly T[], options: { placeholder: string; matchOnDescription?: boolean; matchOnDetail?: boolean }): Promise<T | undefined> {
    if (this.hidden) return Promise.resolve(undefined);
    const pick = this.pick;
    return new Promise<T | undefined>((resolve) => {
      let chosen: T | undefined;
      pick.onDidAccept(() => {
        chosen = pick.selectedItems[0] ?? pick.activeItems[0];
        if (chosen !== undefined) pick.hide();
      });
      pick.onDidHide(() => resolve(chosen));
      pick.matchOnDescription = options.matchOnDescription ?? false;
      pick.matchOnDetail = options.matchOnDetail ?? false;
      pick.items = items;
      pick.placeholder = options.placeholder;
      pick.busy = false;
    });
  }

  dispose(): void {
    this.pick.dispose();
  }
}

/** One line of the template picker: a template, or a profile's separator. */
export type TemplateItem = vscode.QuickPickItem & { template?: Template };

/**
 * "Run Prompt…": the templates grouped by profile, each with its description and approval
 * badge. Templates the policy would refuse stay listed, so people see they exist and why they
 * cannot run; the pipeline then says so.
 */
export async function pickTemplate(
  templates: readonly Template[],
  approvals: ReadonlyArray<{ id: string; sha256: string }>,
  pending: PendingPick<TemplateItem> = new PendingPick(vscode.l10n.t('AI Guard: Run Prompt')),
): Promise<Template | undefined> {
  const items: TemplateItem[] = [];
  let profile: Template['profile'] | undefined;
  for (const template of templates) {
    if (template.profile !== profile) {
      profile = template.profile;
      items.push({ label: profileLabel(profile), kind: vscode.QuickPickItemKind.Separator });
    }
    items.push({ label: template.title, description: `${template.id} · ${approvalLabel(approvalOf(template, approvals))}`, detail: template.description, template });
  }
  try {
    const chosen = await pending.choose(items, { placeholder: vscode.l10n.t('Choose a prompt template'), matchOnDescription: true, matchOnDetail: true });
    return chosen?.template;
  } finally {
    pending.dispose();
  }
}

/**
 * The providers the file's level allows, and the copy mode, which every level that allows AI
 * accepts; then the configured providers left out for this file, each saying why and which policy
 * key would change it. Picking one of those shows why and runs nothing.
 */
export async function pickProvider(allowed: readonly ProviderIdentity[], configs: readonly ProviderConfig[], leftOut: readonly ProviderExclusion[] = []): Promise<string | undefined> {
  type Item = vscode.QuickPickItem & { id?: string; why?: string };
  const items: Item[] = allowed.map((identity) => {
    const config = configs.find((candidate) => candidate.id === identity.id);
    // A configuration that does not match its id's catalogue entry says so, rather than pass for that provider.
    const trust = identity.untrusted === true ? vscode.l10n.t("not the policy's '{0}': its kind or address differs (see the AI Guard log)", identity.id) : identity.tags.join(', ');
    return { id: identity.id, label: config?.label ?? identity.id, description: [config?.model ?? config?.deployment, trust].filter(Boolean).join(' · ') };
  });
  items.push({ id: COPY_PROVIDER, label: vscode.l10n.t('Copy redacted prompt'), description: vscode.l10n.t('send nothing; put the redacted prompt on the clipboard') });
  if (leftOut.length > 0) {
    items.push({ label: vscode.l10n.t('Not allowed for this file'), kind: vscode.QuickPickItemKind.Separator });
    for (const exclusion of leftOut) {
      const config = configs.find((candidate) => candidate.id === exclusion.id);
      items.push({ label: `$(circle-slash) ${config?.label ?? exclusion.id}`, description: vscode.l10n.t('not allowed for this file'), detail: exclusion.why, why: exclusion.why });
    }
  }
  const pending = new PendingPick<Item>(vscode.l10n.t('AI Guard: Run Prompt'));
  try {
    const chosen = await pending.choose(items, { placeholder: vscode.l10n.t('Choose where the prompt goes (only the providers allowed for this file are listed)') });
    if (chosen?.why !== undefined) void vscode.window.showWarningMessage(chosen.why);
    return chosen?.id;
  } finally {
    pending.dispose();
  }
}
