import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { type AuditKeyStore, AuditLog, auditUrlOf, forwardPending } from '../../core/audit';
import type { AuditForwardPolicy } from '../../core/policy/schema';
import { fetchTelemetryHttp } from '../../node/telemetryFiles';
import { ResponseCache } from '../../core/cache';
import type { CallRecord } from '../../core/pipeline';
import type { EventChannel, Feedback } from '../events';
import type { Logger } from '../../core/ports';
import type { Template } from '../../core/templates';
import { defaultAuditKeyFile, defaultLedgerFile, fileAuditKey, fileAuditStorage, fileLedgerStorage } from '../../node/auditFiles';
import { ContextKeys, PREVIEW_SCHEME, PROPOSAL_SCHEME } from '../../shared/ids';
import { AnswerView } from './answerView';
import { VirtualDocuments } from '../platform/virtualDocuments';
import { ProviderSettings } from './providerSettings';

/** Why a run was aborted when its window closed: the detail of its audit record. */
export const WINDOW_CLOSED = 'window-closed';

/** The secret under which the editor kept the installation's audit key before it shared the CLI's key file (32 random bytes, hex). */
const AUDIT_KEY_SECRET = 'aiGuard.auditKey';

/**
 * The installation's audit key: the one key file the CLI uses too (`audit.key` in
 * `$XDG_DATA_HOME/ai-guard`, 0600), so a log the editor and the CLI both write verifies from
 * either. A key the editor kept in its secret storage before becomes the file's when there is no
 * file yet; when the CLI had made one already, the older key only verifies what it sealed.
 */
function sharedAuditKey(secrets: vscode.SecretStorage | undefined): AuditKeyStore {
  return fileAuditKey(defaultAuditKeyFile(process.env), async () => {
    const hex = secrets ? await secrets.get(AUDIT_KEY_SECRET) : undefined;
    return hex ? Buffer.from(hex, 'hex') : undefined;
  });
}

/** What the last run did, for the in-editor tests (status, and the answer's text when there is one). */
export interface LastRun {
  template: string;
  provider: string;
  status: string;
  message?: string;
  answer?: string;
  answerUri?: string;
}

const MAX_ANSWER_RUNS = 20;

/** What the AI service's state needs from outside. */
export interface AiServiceDeps {
  readonly log: Logger;
  /** Where the audit log is now (read at each use, so a changed setting applies to the next call). */
  auditFile(): string | undefined;
  /** Where the editor kept the installation's audit key before it shared the CLI's key file (`sharedAuditKey`). */
  readonly secrets?: vscode.SecretStorage;
  /** Where runs and ratings are announced. */
  readonly events: EventChannel;
}

/** An answered run, remembered so that its answer's actions know what it was about. */
export interface AnswerRun {
  runId: string;
  template: Template;
  providerId: string;
  /** The answer with its placeholders restored (without the answer view's header and footer). */
  answer: string;
  source: {
    uri: vscode.Uri;
    /** The part of the file the run was about: the selection, or the whole file (undefined for several selections). */
    range: vscode.Range | undefined;
    version: number;
  };
}

/**
 * The AI face of the editor: configured providers and answer documents. The AI feature
 * (`feature.ts`) creates it on the first AI command, so activation pays nothing for it.
 */
export class AiService implements vscode.Disposable {
  readonly providers: ProviderSettings;
  /** Every answer of the session, in one read-only view. */
  readonly answers = new AnswerView();
  /** Answers to identical redacted prompts, reused while the policy allows (in memory, this window only). */
  readonly responseCache = new ResponseCache();
  /** Problems of the workspace's prompt templates, in the Problems panel. */
  readonly templateProblems = vscode.languages.createDiagnosticCollection('aiGuard.templates');
  /** The template problems last announced in a notification, so the same ones are not announced at every run. */
  announcedTemplateProblems = '';
  /** What a prompt preview shows: the prompt before and after redaction. */
  readonly previews = new VirtualDocuments(PREVIEW_SCHEME);
  /** What "Apply as diff" proposes, beside the file it would change. */
  readonly proposals = new VirtualDocuments(PROPOSAL_SCHEME);
  lastRun: LastRun | undefined;
  private auditLog: { file: string; log: AuditLog } | undefined;

  /** The answered runs whose feedback was given or skipped: the feedback prompt is not shown again for them. */
  private readonly feedbackSettled = new Set<string>();

  private readonly auditFile: () => string | undefined;
  private readonly secrets: vscode.SecretStorage | undefined;
  private readonly events: EventChannel;

  constructor(deps: AiServiceDeps) {
    this.providers = new ProviderSettings(deps.log);
    this.auditFile = deps.auditFile;
    this.secrets = deps.secrets;
    this.events = deps.events;
  }

  /**
   * The audit log (one chain for every window of this machine), in the folder the settings name
   * now, sealed with the installation's key and adding to the person's spending ledger, both
   * shared with the CLI, so budgets hold across the editor and the terminal.
   */
  get audit(): AuditLog | undefined {
    const file = this.auditFile();
    if (file === undefined) return undefined;
    if (this.auditLog?.file !== file) this.auditLog = { file, log: new AuditLog(fileAuditStorage(file), undefined, sharedAuditKey(this.secrets), fileLedgerStorage(defaultLedgerFile(process.env))) };
    return this.auditLog.log;
  }

  private forwarding: Promise<void> | undefined;

  /**
   * Forwards what the organisation's audit endpoint has not acknowledged (`forward.ts`), in the
   * background: never awaited by a run, one flush at a time per window, a failure only logged
   * (the records stay in the log for the next flush).
   */
  forwardAudit(policy: AuditForwardPolicy | undefined, logger: Logger): void {
    const log = this.audit;
    if (!policy || !log || this.forwarding) return;
    this.forwarding = forwardPending(
      log.forwardSource(),
      fetchTelemetryHttp,
      { url: auditUrlOf(policy.endpoint), ...(policy.token !== undefined ? { token: policy.token } : {}) },
      { budgetMs: 10_000 },
    )
      .then((result) => {
        if (result.problem !== undefined) logger.warn(`The audit trail could not be forwarded to the organisation (${result.problem}); the next run sends what is left.`);
      })
      .finally(() => (this.forwarding = undefined));
  }

  /** The prompt preview waiting for Send or Don't send: its "what will be sent" document, and how to decide it. */
  pendingPreview: { uri: vscode.Uri; decide(send: boolean): void } | undefined;

  /** The answered runs by answer view, so that each view's actions know what it was about (the latest last). */
  private readonly answerRuns = new Map<string, AnswerRun>();

  /**
   * Announces a run's record to subscribers, remembers an answered run for its actions, and
   * returns the run's id (for its feedback).
   */
  reportRun(record: CallRecord, answered?: { uri: vscode.Uri; run: Omit<AnswerRun, 'runId'> }): string {
    const runId = randomUUID();
    if (answered) {
      this.answerRuns.set(answered.uri.toString(), { ...answered.run, runId });
      void vscode.commands.executeCommand('setContext', ContextKeys.hasAnswer, true);
      // Answers stay actionable for the session's recent runs only: their texts are held in memory.
      for (const key of this.answerRuns.keys()) if (this.answerRuns.size > MAX_ANSWER_RUNS) this.answerRuns.delete(key);
    }
    this.events.emit('run', { runId, record });
    return runId;
  }

  answerRun(uri: vscode.Uri): AnswerRun | undefined {
    return this.answerRuns.get(uri.toString());
  }

  lastAnswerRun(): AnswerRun | undefined {
    return [...this.answerRuns.values()].at(-1);
  }

  /** The last answered run, which the feedback prompts are about, until its feedback is given or skipped. */
  get lastAnswered(): { runId: string; template: string; title: string; profile: string } | undefined {
    const run = this.lastAnswerRun();
    if (run === undefined || this.feedbackSettled.has(run.runId)) return undefined;
    return { runId: run.runId, template: run.template.id, title: run.template.title, profile: run.template.profile };
  }

  /** The feedback on a run was given or skipped: it is not asked for again. */
  settleFeedback(runId: string): void {
    this.feedbackSettled.add(runId);
  }

  /** Records a person's feedback on an answer; a rating outside 1–5 or negative minutes are dropped. */
  rate(feedback: Feedback): void {
    const rating = feedback.rating !== undefined && Number.isInteger(feedback.rating) && feedback.rating >= 1 && feedback.rating <= 5 ? feedback.rating : undefined;
    const minutes = feedback.minutesSaved !== undefined && Number.isFinite(feedback.minutesSaved) && feedback.minutesSaved >= 0 ? Math.min(480, Math.round(feedback.minutesSaved)) : undefined;
    if (rating === undefined && minutes === undefined) return;
    this.settleFeedback(feedback.runId);
    this.events.emit('rating', {
      runId: feedback.runId,
      template: feedback.template,
      profile: feedback.profile,
      ...(rating !== undefined ? { rating } : {}),
      ...(minutes !== undefined ? { minutesSaved: minutes } : {}),
    });
  }

  /** The controllers of the runs in progress: closing the window aborts them, so each call's end is recorded when it can be. */
  readonly runsInFlight = new Set<AbortController>();

  dispose(): void {
    for (const controller of this.runsInFlight) controller.abort(WINDOW_CLOSED);
    this.runsInFlight.clear();
    this.answers.dispose();
    this.previews.dispose();
    this.templateProblems.dispose();
    this.proposals.dispose();
    this.providers.dispose();
  }
}
