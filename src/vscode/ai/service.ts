import type * as vscode from 'vscode';
import { AuditLog } from '../../core/audit';
import type { Logger } from '../../core/ports';
import { fileAuditStorage } from '../../node/auditFiles';
import { AnswerDocuments } from './answerDocuments';
import { ProviderSettings } from './providerSettings';

/** What the last run did, for the in-editor tests (status, and the answer's text when there is one). */
export interface LastRun {
  template: string;
  provider: string;
  status: string;
  message?: string;
  answer?: string;
  answerUri?: string;
}

/**
 * The AI face of the editor: configured providers and answer documents. The container creates it
 * on the first AI command, through a dynamic import, so activation pays nothing for it.
 */
export class AiService implements vscode.Disposable {
  readonly providers: ProviderSettings;
  readonly answers = new AnswerDocuments();
  lastRun: LastRun | undefined;
  /** The window's audit log, in the extension's global storage (one chain for every window). */
  readonly audit: AuditLog | undefined;

  constructor(logger: Logger, auditFile: string | undefined) {
    this.providers = new ProviderSettings(logger);
    this.audit = auditFile === undefined ? undefined : new AuditLog(fileAuditStorage(auditFile));
  }

  dispose(): void {
    this.answers.dispose();
    this.providers.dispose();
  }
}
