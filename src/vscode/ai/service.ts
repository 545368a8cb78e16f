import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { AuditLog } from '../../core/audit';
import type { CallRecord } from '../../core/pipeline';
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

/** One governed run, as recorded: subscribers (the sidebar, the telemetry) see what the audit sees. */
export interface RunEvent {
  runId: string;
  record: CallRecord;
}

/** A person's judgement of one answer: both parts optional (the feedback is skippable). */
export interface Feedback {
  runId: string;
  template: string;
  profile: string;
  rating?: number;
  minutesSaved?: number;
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

  private readonly didRun = new vscode.EventEmitter<RunEvent>();
  /** Fires after each run's record is written (or could not be): answered, blocked, failed or copied. */
  readonly onDidRun = this.didRun.event;
  private readonly didRate = new vscode.EventEmitter<Feedback>();
  /** Fires when a person rates an answer (from the answer's actions or the sidebar). */
  readonly onDidRate = this.didRate.event;
  /** The last answered run, which the feedback prompts are about; cleared once rated. */
  lastAnswered: { runId: string; template: string; title: string; profile: string } | undefined;

  constructor(logger: Logger, auditFile: string | undefined) {
    this.providers = new ProviderSettings(logger);
    this.audit = auditFile === undefined ? undefined : new AuditLog(fileAuditStorage(auditFile));
  }

  /** Announces a run's record to subscribers, and returns the run's id (for its feedback). */
  reportRun(record: CallRecord, title: string): string {
    const runId = randomUUID();
    if (record.outcome === 'ok') this.lastAnswered = { runId, template: record.template.id, title, profile: record.template.profile };
    this.didRun.fire({ runId, record });
    return runId;
  }

  /** Records a person's feedback on an answer; a rating outside 1–5 or negative minutes are dropped. */
  rate(feedback: Feedback): void {
    const rating = feedback.rating !== undefined && Number.isInteger(feedback.rating) && feedback.rating >= 1 && feedback.rating <= 5 ? feedback.rating : undefined;
    const minutes = feedback.minutesSaved !== undefined && Number.isFinite(feedback.minutesSaved) && feedback.minutesSaved >= 0 ? Math.min(480, Math.round(feedback.minutesSaved)) : undefined;
    if (rating === undefined && minutes === undefined) return;
    if (this.lastAnswered?.runId === feedback.runId) this.lastAnswered = undefined;
    this.didRate.fire({ runId: feedback.runId, template: feedback.template, profile: feedback.profile, ...(rating !== undefined ? { rating } : {}), ...(minutes !== undefined ? { minutesSaved: minutes } : {}) });
  }

  dispose(): void {
    this.didRun.dispose();
    this.didRate.dispose();
    this.answers.dispose();
    this.providers.dispose();
  }
}
