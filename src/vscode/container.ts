import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import * as vscode from 'vscode';
import { OUTPUT_CHANNEL_NAME, Settings } from '../shared/ids';
import { getSetting } from './config';
import { OutputChannelLogger } from './logger';
import { PolicyService, scanSettingsOf } from './classification/policyService';
import { ClassificationDecorations } from './classification/decorations';
import { SensitiveFileWarnings } from './classification/sensitiveFileWarnings';
import { ClassificationStatusBar } from './classification/statusBar';
import { FindingsDiagnostics } from './redaction/findingsDiagnostics';
import { RedactionService } from './redaction/redactionService';
import type { SidebarViewProvider } from './sidebar/sidebarProvider';
import type { AiService } from './ai/service';
import type { TelemetryService } from './telemetry/telemetryService';
import type { AiToolsService } from './tools/aiTools';

const AUDIT_FILE_NAME = 'audit.jsonl';

/**
 * The composition root: it creates each service on first use and owns every disposable, so
 * activation does no work a feature has not asked for yet, and deactivation forgets nothing.
 */
export class Container implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private loggerInstance: OutputChannelLogger | undefined;
  private sidebarInstance: Promise<SidebarViewProvider> | undefined;
  /** The sidebar's provider once loaded, for the test hooks that read it synchronously. */
  loadedSidebar: SidebarViewProvider | undefined;
  private redactionInstance: RedactionService | undefined;
  private findingsInstance: FindingsDiagnostics | undefined;
  private classificationInstance: PolicyService | undefined;
  private aiInstance: Promise<AiService> | undefined;
  private telemetryInstance: TelemetryService | undefined;
  private telemetryLoading: Promise<TelemetryService> | undefined;
  private aiToolsInstance: Promise<AiToolsService> | undefined;
  private facesInstance: { statusBar: ClassificationStatusBar; decorations: ClassificationDecorations; warnings: SensitiveFileWarnings } | undefined;

  private disposed = false;

  constructor(readonly context: vscode.ExtensionContext) {}

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Registers something to dispose with the extension, and returns it. */
  register<T extends vscode.Disposable>(disposable: T): T {
    this.disposables.push(disposable);
    return disposable;
  }

  get logger(): OutputChannelLogger {
    this.loggerInstance ??= this.register(
      new OutputChannelLogger(vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME, { log: true })),
    );
    return this.loggerInstance;
  }

  /**
   * The sidebar's provider, loaded when the view first opens: its protocol, view model and
   * schemas cost activation a few milliseconds and most sessions open the panel later or never.
   */
  sidebar(): Promise<SidebarViewProvider> {
    this.sidebarInstance ??= import('./sidebar/sidebarProvider').then(({ SidebarViewProvider }) => {
      this.loadedSidebar = this.register(new SidebarViewProvider(this));
      return this.loadedSidebar;
    });
    return this.sidebarInstance;
  }

  get redaction(): RedactionService {
    if (!this.redactionInstance) {
      this.redactionInstance = this.register(new RedactionService(this.logger));
      // Scans use the dictionary and network switch of the policy governing each file.
      const classification = this.classification;
      this.redactionInstance.useScanSettings((uri) => scanSettingsOf(classification.current(), uri));
      this.register(classification.onDidChange((uris) => uris === undefined && this.redactionInstance?.reset()));
    }
    return this.redactionInstance;
  }

  /** Live findings in open documents; created after activation, on the first idle moment. */
  get findings(): FindingsDiagnostics {
    if (!this.findingsInstance) {
      this.findingsInstance = this.register(new FindingsDiagnostics(this.redaction, this.logger, (uri) => this.classification.classify(uri)));
      this.classification.useContent(this.findingsInstance);
    }
    return this.findingsInstance;
  }

  /** Every file's level, from the policies, the AI tools' ignore files and open files' content. */
  get classification(): PolicyService {
    this.classificationInstance ??= this.register(new PolicyService(this.context, this.logger));
    return this.classificationInstance;
  }

  /**
   * Providers and answer documents, for the AI commands. Imported on the first AI command, so
   * activation neither evaluates the provider and template modules nor registers anything for them.
   */
  ai(): Promise<AiService> {
    this.aiInstance ??= import('./ai/service').then(({ AiService }) => {
      const ai = this.register(new AiService(this.logger, () => this.auditFile(), this.context.secrets));
      // Telemetry listens to the runs without making activation create the AI service.
      this.telemetryInstance?.attach(ai);
      return ai;
    });
    return this.aiInstance;
  }

  private warnedAuditFolder: string | undefined;

  /**
   * The audit log's file: in the `aiGuard.audit.folder` setting's folder (a machine setting, so a
   * workspace cannot move it), else in the extension's global storage, shared by every window on
   * this machine. Read at each use, so a changed setting applies to the next call.
   */
  private auditFile(): string | undefined {
    const folder = getSetting(Settings.auditFolder).trim().replace(/^~(?=$|[\\/])/, homedir());
    if (folder !== '') {
      if (isAbsolute(folder)) return join(folder, AUDIT_FILE_NAME);
      // Said once per value: the path is read at each use.
      if (this.warnedAuditFolder !== folder) this.logger.warn(`The setting aiGuard.audit.folder must be an absolute folder path; '${folder}' is not, so the audit log stays in the extension's storage.`);
      this.warnedAuditFolder = folder;
    }
    const storage = this.context.globalStorageUri as vscode.Uri | undefined;
    return storage?.scheme === 'file' ? vscode.Uri.joinPath(storage, AUDIT_FILE_NAME).fsPath : undefined;
  }

  /**
   * The opt-in adoption telemetry. Loaded right after activation, not during it (it sends what an
   * earlier session left queued, and shows the one-time invitation); it subscribes to the AI
   * service when that is created, or at once if it already exists.
   */
  telemetry(): Promise<TelemetryService> {
    this.telemetryLoading ??= import('./telemetry/telemetryService').then(({ TelemetryService }) => {
      const classification = this.classification;
      const telemetry = this.register(new TelemetryService(this.context, this.logger, { telemetryPolicy: () => classification.telemetryPolicy(), onDidChange: classification.onDidChange }));
      this.telemetryInstance = telemetry;
      void this.aiInstance?.then((ai) => telemetry.attach(ai));
      return telemetry;
    });
    return this.telemetryLoading;
  }

  /**
   * The AI tools of this machine and workspace and whether their files follow the policy, for
   * the panel's AI tools section and "Set Up AI Tools"; imported when first asked for.
   */
  aiTools(): Promise<AiToolsService> {
    this.aiToolsInstance ??= import('./tools/aiTools').then(({ AiToolsService }) => this.register(new AiToolsService(this.context, this.classification, this.logger)));
    return this.aiToolsInstance;
  }

  /** A command is about to run (daily activity counts some of them). */
  /** The commands that failed in this window, with their reasons (bounded; shown to the person and logged as they happen). */
  readonly commandFailures: string[] = [];

  noteCommand(id: string): void {
    this.telemetryInstance?.noteCommand(id);
  }

  /** Where people see classifications: the status bar, explorer and tab badges, first-line warnings. */
  get classificationFaces(): { statusBar: ClassificationStatusBar; decorations: ClassificationDecorations; warnings: SensitiveFileWarnings } {
    this.facesInstance ??= {
      statusBar: this.register(new ClassificationStatusBar(this.classification)),
      decorations: this.register(new ClassificationDecorations(this.classification)),
      warnings: this.register(new SensitiveFileWarnings(this.classification)),
    };
    return this.facesInstance;
  }

  dispose(): void {
    this.disposed = true;
    // Dispose in reverse order of creation, so that nothing outlives what it depends on.
    for (const disposable of this.disposables.splice(0).reverse()) {
      try {
        disposable.dispose();
      } catch (error) {
        console.error('[ai-guard] dispose failed:', error);
      }
    }
  }
}
