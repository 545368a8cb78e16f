import * as l10n from '@vscode/l10n';
import type { ViewModel } from '../../shared/messages';
import type { AiToolsStatus, ToolEvidence, ToolStatus } from './aiTools';

/**
 * The panel's AI tools section from the tools' status: pure (types only from the service), so
 * its states and strings are unit tested without an editor.
 */
export function aiToolsSection(status: AiToolsStatus): NonNullable<ViewModel['aiTools']> {
  const problem =
    status.folder === undefined
      ? l10n.t('Open a folder: the AI tools read their settings from the workspace folder.')
      : status.policyErrors.length > 0
        ? l10n.t('The policy has errors, so no AI tool can be set up from it: {0}', status.policyErrors.join('; '))
        : 'problem' in status.runner
          ? status.runner.problem
          : undefined;
  const items = status.tools.map((tool) => {
    const needs = tool.state === 'missing' || tool.state === 'stale';
    return {
      id: tool.id,
      label: tool.label,
      state: tool.state,
      stateLabel: stateLabel(tool),
      found: tool.evidence.length === 0 ? l10n.t('not found here') : l10n.t('found: {0}', tool.evidence.map(evidenceLabel).join(', ')),
      ...(needs && problem === undefined
        ? { action: tool.state === 'stale' ? l10n.t('Update') : l10n.t('Set up'), actionLabel: l10n.t('Set up {0}: show the files AI Guard would write, then write them', tool.label) }
        : {}),
    };
  });
  const stale = status.tools.filter((tool) => tool.state === 'stale');
  const pending = items.filter((item) => item.action !== undefined);
  return {
    items,
    runner: 'command' in status.runner ? l10n.t('Hooks run: {0}', status.runner.command) : l10n.t('Hooks cannot run on this machine yet.'),
    ...(problem !== undefined ? { problem } : {}),
    ...(stale.length > 0 ? { warning: l10n.t('The files of {0} no longer follow the policy: update them.', stale.map((tool) => tool.label).join(', ')) } : {}),
    ...(pending.length > 1 ? { setUpAll: l10n.t('Set up every AI tool') } : {}),
  };
}

function stateLabel(tool: ToolStatus): string {
  switch (tool.state) {
    case 'governed':
      return l10n.t('governed');
    case 'missing':
      return l10n.t('not governed');
    case 'stale':
      return l10n.t('out of date');
    case 'unsupported':
      return l10n.t('not governed: AI Guard has no hook in this tool');
  }
}

function evidenceLabel(evidence: ToolEvidence): string {
  switch (evidence.kind) {
    case 'extension':
      return l10n.t('{0} extension', evidence.name);
    case 'folder':
      return evidence.name;
    case 'host':
      return l10n.t('this editor');
    case 'program':
      return l10n.t('{0} on the PATH', evidence.name);
  }
}
