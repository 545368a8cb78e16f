/**
 * Every identifier that also appears in `package.json` `contributes`. A unit test keeps the two
 * in step, so a renamed command cannot silently stop working.
 */

/** The extension's full id, `publisher.name`. */
export const EXTENSION_ID = 'etech.ai-guard';

/** The prefix of every command id and setting key. */
export const NAMESPACE = 'aiGuard';

export const Commands = {
  showOutput: 'aiGuard.showOutput',
  copyRedacted: 'aiGuard.copyRedacted',
  explainClassification: 'aiGuard.explainClassification',
  createPolicy: 'aiGuard.createPolicy',
  setApiKey: 'aiGuard.setApiKey',
  runPrompt: 'aiGuard.runPrompt',
  reviewSelection: 'aiGuard.reviewSelection',
  generateTests: 'aiGuard.generateTests',
  documentCode: 'aiGuard.documentCode',
  showAuditLog: 'aiGuard.showAuditLog',
  exportAuditLog: 'aiGuard.exportAuditLog',
  verifyAuditLog: 'aiGuard.verifyAuditLog',
  showTelemetryLog: 'aiGuard.showTelemetryLog',
  resetTelemetryId: 'aiGuard.resetTelemetryId',
  copyAnswer: 'aiGuard.copyAnswer',
  insertAnswer: 'aiGuard.insertAnswer',
  applyAnswer: 'aiGuard.applyAnswer',
  rerunAnswer: 'aiGuard.rerunAnswer',
  rateAnswer: 'aiGuard.rateAnswer',
  acceptProposal: 'aiGuard.acceptProposal',
  discardProposal: 'aiGuard.discardProposal',
  setUpAiTools: 'aiGuard.setUpAiTools',
  sendPreview: 'aiGuard.sendPreview',
  declinePreview: 'aiGuard.declinePreview',
} as const;
export type CommandId = (typeof Commands)[keyof typeof Commands];

export const ViewContainers = {
  activityBar: 'aiGuard',
} as const;

export const Views = {
  sidebar: 'aiGuard.sidebar',
} as const;
export type ViewId = (typeof Views)[keyof typeof Views];

/** The audit log's webview panel (created by "Show Audit Log", not contributed: panels are not declared in the manifest). */
export const AUDIT_PANEL_TYPE = 'aiGuard.auditLog';

/**
 * Setting keys, relative to the `aiGuard` section. Their defaults live in `package.json` only;
 * the typed getters in `src/vscode/config.ts` read them.
 */
export const Settings = {
  revealOutputOnError: 'revealOutputOnError',
  showFindings: 'redaction.showFindings',
  showPersonalData: 'redaction.showPersonalData',
  orgPolicy: 'orgPolicy',
  userPolicy: 'policy',
  providers: 'providers',
  defaultProvider: 'defaultProvider',
  previewLevels: 'preview.levels',
  auditFolder: 'audit.folder',
  contextMaxCharacters: 'context.maxCharacters',
  telemetryEnabled: 'telemetry.enabled',
  telemetryEndpoint: 'telemetry.endpoint',
} as const;
export type SettingKey = (typeof Settings)[keyof typeof Settings];

/** The name of the output channel, as people see it in the Output panel's list. */
export const OUTPUT_CHANNEL_NAME = 'Etech AI Guard';

/** The diagnostics source shown next to each finding in the Problems panel. */
export const DIAGNOSTIC_SOURCE = 'AI Guard';

/** The onboarding walkthrough's id in `package.json` `contributes.walkthroughs` ("Get started with AI Guard"). */
export const WALKTHROUGH_ID = 'aiGuard.getStarted';

/** The URI scheme of the read-only documents that show AI answers as they stream. */
export const ANSWER_SCHEME = 'aiguard-answer';

/** Context keys the extension sets, for `when` clauses in `package.json`. */
export const ContextKeys = {
  /** An AI answer of this window can be copied, inserted, applied, rerun or rated. */
  hasAnswer: 'aiGuard.hasAnswer',
  /** A change proposed by "Apply as Diff" waits to be accepted or discarded. */
  hasProposal: 'aiGuard.hasProposal',
  /** A prompt preview waits for Send or Don't send. */
  previewPending: 'aiGuard.previewPending',
} as const;

/** The URI scheme of the read-only documents that show, in a diff view, what a prompt preview or an answer's proposal would change. */
export const PREVIEW_SCHEME = 'aiguard-preview';
export const PROPOSAL_SCHEME = 'aiguard-proposal';

/** The `aiGuard.defaultProvider` value that means "no provider: copy the redacted prompt". */
export const COPY_PROVIDER = 'copy';

/** The workspace policy file, relative to a workspace or sub-folder root. */
export const POLICY_FILE = '.aiguard/policy.json';

/** Theme colours of the explorer and tab badges, declared in `package.json` `contributes.colors`. */
export const Colors = {
  confidential: 'aiGuard.confidentialForeground',
  restricted: 'aiGuard.restrictedForeground',
  excluded: 'aiGuard.excludedForeground',
} as const;
