import type * as vscode from 'vscode';
import type { Logger } from '../../core/ports';
import type { PolicyService } from '../classification/policyService';
import type { EventChannel } from '../events';
import type { RedactionService } from '../redaction/redactionService';
import type { Prompter } from './prompter';
import type { AiService } from './service';

/** What the AI runs and the answers' actions use from the rest of the extension; the container hands it over. */
export interface AiDeps {
  /** Each file's level and what its policy says (templates, providers, prices, audit). */
  readonly classification: PolicyService;
  /** Scanners and redaction sessions. */
  readonly redaction: RedactionService;
  /** The editor's secret storage: provider keys, and the audit key kept there before. */
  readonly secrets: vscode.SecretStorage;
  /** Where runs and ratings are announced. */
  readonly events: EventChannel;
  readonly log: Logger;
  /** Where the audit log is now (read at each use, so a changed setting applies to the next call). */
  auditFile(): string | undefined;
  /** What a person answers (pickers, notes, the preview's decision); the editor's dialogs when not given. */
  readonly prompter?: Prompter;
}

/** What each step of the AI feature works with: its dependencies and the feature's own state. */
export interface AiContext extends AiDeps {
  readonly ai: AiService;
  readonly prompter: Prompter;
}
