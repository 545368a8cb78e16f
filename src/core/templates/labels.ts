import * as l10n from '@vscode/l10n';
import type { ApprovalState } from './approval';
import type { Profile } from './schema';

/** A profile's name as people read it, for group headings (CLI list, quick pick). */
export function profileLabel(profile: Profile): string {
  switch (profile) {
    case 'dev':
      return l10n.t('Development');
    case 'test':
      return l10n.t('Testing');
    case 'devops':
      return l10n.t('DevOps');
    case 'archi':
      return l10n.t('Architecture');
    case 'ops':
      return l10n.t('Operations');
    case 'project':
      return l10n.t('Project management');
  }
}

/** The badge shown next to a template wherever templates are listed. */
export function approvalLabel(state: ApprovalState): string {
  switch (state) {
    case 'built-in':
      return l10n.t('built-in');
    case 'approved':
      return l10n.t('approved');
    case 'modified':
      return l10n.t('modified since approval');
    case 'unapproved':
      return l10n.t('not approved');
  }
}
