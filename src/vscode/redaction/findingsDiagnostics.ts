import * as vscode from 'vscode';
import { describeError } from '../../core/errors';
import type { Logger } from '../../core/ports';
import { type Classification, type ContentSummary, summariseFindings } from '../../core/classification/types';
import type { Finding } from '../../core/redaction';
import type { ContentSource } from '../classification/policyService';
import { DIAGNOSTIC_SOURCE, Settings } from '../../shared/ids';
import { changed, getSetting } from '../platform/configuration';
import { loadEngine, type RedactionEngine, type RedactionService } from './redactionService';

/** Documents of these schemes are people's files; output channels, git views and such are not. */
const SCANNED_SCHEMES = new Set(['file', 'untitled', 'vscode-remote', 'vscode-userdata', 'vscode-vfs']);
const DEBOUNCE_MS = 400;
/** Larger documents are not scanned live (their redaction still is, at AI-call time). */
const MAX_LIVE_LENGTH = 32 * 1024 * 1024;

/**
 * Shows what would be redacted in each open document, as warnings in the editor and the
 * Problems panel (source "AI Guard"). The message names the kind only, never the value.
 */
export class FindingsDiagnostics implements vscode.Disposable, ContentSource {
  private readonly collection = vscode.languages.createDiagnosticCollection('aiGuard');
  /** What each open document's last scan found, by category, for its classification. */
  private readonly summaries = new Map<string, ContentSummary>();
  private readonly updated = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidUpdate = this.updated.event;
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly running = new Map<string, AbortController>();
  private readonly disposables: vscode.Disposable[] = [];

  /** `classify`: the file's classification, so that each finding says what is true for this file. */
  constructor(
    private readonly service: RedactionService,
    private readonly logger: Logger,
    private readonly classify: (uri: vscode.Uri) => Classification | undefined = () => undefined,
  ) {
    this.disposables.push(
      this.collection,
      this.updated,
      vscode.workspace.onDidOpenTextDocument((document) => this.schedule(document, 0)),
      vscode.workspace.onDidChangeTextDocument((event) => this.schedule(event.document, DEBOUNCE_MS)),
      vscode.workspace.onDidCloseTextDocument((document) => this.forget(document.uri)),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (changed(event, Settings.showFindings) || changed(event, Settings.showPersonalData)) this.rescanAll();
      }),
      service.onDidChangeRules(() => this.rescanAll()),
    );
    this.rescanAll();
  }

  private rescanAll(): void {
    for (const document of vscode.workspace.textDocuments) this.schedule(document, 0);
  }

  private schedule(document: vscode.TextDocument, delayMs: number): void {
    if (!SCANNED_SCHEMES.has(document.uri.scheme)) return;
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.running.get(key)?.abort();
    this.timers.set(
      key,
      setTimeout(() => void this.scan(document), delayMs),
    );
  }

  private async scan(document: vscode.TextDocument): Promise<void> {
    const key = document.uri.toString();
    this.timers.delete(key);
    if (document.isClosed) return;
    const text = document.getText();
    if (text.length > MAX_LIVE_LENGTH) {
      this.collection.delete(document.uri);
      this.summarise(document.uri, { skipped: 'too-large' });
      return;
    }
    const controller = new AbortController();
    this.running.set(key, controller);
    const version = document.version;
    try {
      const incremental = await this.service.incremental(document.uri);
      const findings = await incremental.scan(text, {
        path: document.uri.path,
        signal: controller.signal,
        pause: () => new Promise((resolve) => setImmediate(resolve)),
      });
      if (controller.signal.aborted || document.isClosed || document.version !== version) return;
      const engine = await loadEngine();
      // Findings always count for the file's classification (first, so the messages see it); the
      // diagnostics are the person's choice.
      this.summarise(document.uri, summariseFindings(findings));
      if (getSetting(Settings.showFindings, document.uri)) this.collection.set(document.uri, diagnosticsFor(engine, document, findings, this.classify(document.uri)));
      else this.collection.delete(document.uri);
    } catch (error) {
      if ((await loadEngine()).isCancellation(error)) return;
      this.logger.warn(`Could not scan ${document.uri.fsPath || document.uri.toString()}: ${describeError(error)}`);
      // A file that could not be scanned is classified as if it held everything (fail closed).
      this.summarise(document.uri, { skipped: 'scan-failed' });
    } finally {
      if (this.running.get(key) === controller) this.running.delete(key);
    }
  }

  summaryOf(uri: vscode.Uri): ContentSummary | undefined {
    return this.summaries.get(uri.toString());
  }

  private summarise(uri: vscode.Uri, summary: ContentSummary): void {
    this.summaries.set(uri.toString(), summary);
    this.updated.fire(uri);
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    if (this.summaries.delete(key)) this.updated.fire(uri);
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.running.get(key)?.abort();
    this.collection.delete(uri);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    for (const controller of this.running.values()) controller.abort();
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
  }
}

/**
 * What the Problems panel shows, chosen so that a team that keeps zero warnings can live with it:
 * secrets are warnings in files that AI may see, and information in files it may not (they never
 * leave, and the first line says so); personal data and names only when
 * `aiGuard.redaction.showPersonalData` asks (they are masked at every call anyway); nothing in
 * the policy files themselves, whose dictionary names what to mask.
 */
function diagnosticsFor(engine: RedactionEngine, document: vscode.TextDocument, findings: readonly Finding[], classification: Classification | undefined): vscode.Diagnostic[] {
  if (/(^|\/)\.aiguard\/[^/]+\.json$/.test(document.uri.path)) return [];
  const personal = getSetting(Settings.showPersonalData, document.uri);
  return findings.filter((finding) => finding.category === 'secret' || personal).map((finding) => toDiagnostic(engine, document, finding, classification));
}

function toDiagnostic({ kindLabel }: RedactionEngine, document: vscode.TextDocument, finding: Finding, classification: Classification | undefined): vscode.Diagnostic {
  const range = new vscode.Range(document.positionAt(finding.start), document.positionAt(finding.end));
  const kind = capitalise(kindLabel(finding.kind));
  const neverSent = classification !== undefined && !classification.aiAllowed;
  // Say what is true for this file: a file AI may not see is never sent, redacted or not.
  const message = neverSent
    ? classification.excluded
      ? vscode.l10n.t('{0}: this file is excluded from AI by an ignore file, so it is never sent, redacted or not.', kind)
      : vscode.l10n.t('{0}: this file is {1}, which no AI call may include, so it is never sent, redacted or not.', kind, classification.levelLabel)
    : finding.category === 'secret'
      ? vscode.l10n.t('{0}: this secret will be redacted before any AI call.', kind)
      : vscode.l10n.t('{0}: this will be redacted before any AI call.', kind);
  const severity = finding.category === 'secret' && !neverSent ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information;
  const diagnostic = new vscode.Diagnostic(range, message, severity);
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = finding.kind;
  return diagnostic;
}

function capitalise(text: string): string {
  return text.charAt(0).toLocaleUpperCase() + text.slice(1);
}
