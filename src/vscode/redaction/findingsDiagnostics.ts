import * as vscode from 'vscode';
import { describeError } from '../../core/errors';
import type { Logger } from '../../core/ports';
import { type ContentSummary, summariseFindings } from '../../core/classification/types';
import type { Finding } from '../../core/redaction';
import type { ContentSource } from '../classification/classificationService';
import { DIAGNOSTIC_SOURCE, Settings } from '../../shared/ids';
import { getSetting } from '../config';
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

  constructor(
    private readonly service: RedactionService,
    private readonly logger: Logger,
  ) {
    this.disposables.push(
      this.collection,
      this.updated,
      vscode.workspace.onDidOpenTextDocument((document) => this.schedule(document, 0)),
      vscode.workspace.onDidChangeTextDocument((event) => this.schedule(event.document, DEBOUNCE_MS)),
      vscode.workspace.onDidCloseTextDocument((document) => this.forget(document.uri)),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(`aiGuard.${Settings.showFindings}`)) this.rescanAll();
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
    this.timers.set(key, setTimeout(() => void this.scan(document), delayMs));
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
      // Findings always count for the file's classification; the warnings are the person's choice.
      if (getSetting(Settings.showFindings, document.uri)) this.collection.set(document.uri, findings.map((finding) => toDiagnostic(engine, document, finding)));
      else this.collection.delete(document.uri);
      this.summarise(document.uri, summariseFindings(findings));
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

function toDiagnostic({ kindLabel }: RedactionEngine, document: vscode.TextDocument, finding: Finding): vscode.Diagnostic {
  const range = new vscode.Range(document.positionAt(finding.start), document.positionAt(finding.end));
  const message =
    finding.category === 'secret'
      ? vscode.l10n.t('{0}: this secret will be redacted before any AI call.', capitalise(kindLabel(finding.kind)))
      : vscode.l10n.t('{0}: this will be redacted before any AI call.', capitalise(kindLabel(finding.kind)));
  const diagnostic = new vscode.Diagnostic(range, message, finding.category === 'secret' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information);
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = finding.kind;
  return diagnostic;
}

function capitalise(text: string): string {
  return text.charAt(0).toLocaleUpperCase() + text.slice(1);
}
