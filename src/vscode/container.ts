import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import * as vscode from 'vscode';
import type { Logger } from '../core/ports';
import { OUTPUT_CHANNEL_NAME, Settings } from '../shared/ids';
import { getSetting } from './platform/configuration';
import { EventChannel } from './events';
import { OutputChannelLogger } from './logger';
import { PolicyService, scanSettingsOf } from './classification/policyService';
import { ClassificationDecorations } from './classification/decorations';
import { SensitiveFileWarnings } from './classification/sensitiveFileWarnings';
import { ClassificationStatusBar } from './classification/statusBar';
import { FindingsDiagnostics } from './redaction/findingsDiagnostics';
import { RedactionService } from './redaction/redactionService';
import type { AiFeature } from './ai/feature';
import type { Prompter } from './ai/prompter';
import type { AiService } from './ai/service';
import type { SidebarViewProvider } from './sidebar/sidebarProvider';
import type { TelemetryService } from './telemetry/telemetryService';
import type { AiToolsService, ConfirmToolSetup } from './tools/aiTools';

const AUDIT_FILE_NAME = 'audit.jsonl';

/** Where people see classifications: the status bar, explorer and tab badges, first-line warnings. */
export interface ClassificationFaces {
  statusBar: ClassificationStatusBar;
  decorations: ClassificationDecorations;
  warnings: SensitiveFileWarnings;
}

/** Every feature of the extension, each created on its first call, then the same one. */
export interface Features {
  /** Every file's level, from the policies, the AI tools' ignore files and open files' content. */
  classification(): PolicyService;
  redaction(): RedactionService;
  /** Live findings in open documents; created after activation, on the first idle moment. */
  findings(): FindingsDiagnostics;
  classificationFaces(): ClassificationFaces;
  /**
   * The AI runs and answers. Imported on the first AI command, so activation neither evaluates
   * the provider and template modules nor registers anything for them.
   */
  ai(): Promise<AiFeature>;
  /**
   * The opt-in adoption telemetry. Loaded right after activation, not during it (it sends what an
   * earlier session left queued, and shows the one-time invitation).
   */
  telemetry(): Promise<TelemetryService>;
  /**
   * The AI tools of this machine and workspace and whether their files follow the policy, for
   * the panel's AI tools section and "Set Up AI Tools"; imported when first asked for.
   */
  aiTools(): Promise<AiToolsService>;
  /**
   * The sidebar's provider, loaded when the view first opens: its protocol, view model and
   * schemas cost activation a few milliseconds and most sessions open the panel later or never.
   */
  sidebar(): Promise<SidebarViewProvider>;
}

/**
 * What a person answers, when not the editor's own dialogs: the in-editor tests script the
 * tool setup's confirmation, and unit tests a run's pickers and preview.
 */
export interface Answers {
  readonly prompter?: Prompter;
  readonly confirmToolSetup?: ConfirmToolSetup;
}

/** What the wiring needs: the extension's context, its log and event channel, and where disposables go. */
interface Wiring {
  readonly answers: Answers;
  readonly context: vscode.ExtensionContext;
  readonly log: Logger;
  readonly events: EventChannel;
  register<T extends vscode.Disposable>(disposable: T): T;
  auditFile(): string | undefined;
  /** Told of the sidebar's provider once it is loaded (the test hooks read it synchronously). */
  sidebarLoaded(provider: SidebarViewProvider): void;
}

/** A value made on the first call, then the same one. */
function once<T>(create: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: create() }).value;
}

/**
 * The one wiring function: each feature from the features it uses, created on first use. A
 * feature never sees the container; what features tell each other goes through `events`.
 */
function wireFeatures({ context, log, events, register, auditFile, sidebarLoaded, answers }: Wiring): Features {
  const classification = once(() => {
    const service = register(new PolicyService(context, log));
    register(service.onDidChange((uris) => events.emit('classification', uris)));
    return service;
  });
  const redaction = once(() => {
    const service = register(new RedactionService(log));
    // Scans use the dictionary and network switch of the policy governing each file.
    const policy = classification();
    service.useScanSettings((uri) => scanSettingsOf(policy.current(), uri));
    register(events.on('classification', (uris) => uris === undefined && service.reset()));
    return service;
  });
  const findings = once(() => {
    const policy = classification();
    const diagnostics = register(new FindingsDiagnostics(redaction(), log, (uri) => policy.classify(uri)));
    policy.useContent(diagnostics);
    return diagnostics;
  });
  const classificationFaces = once((): ClassificationFaces => ({
    statusBar: register(new ClassificationStatusBar(classification())),
    decorations: register(new ClassificationDecorations(classification())),
    warnings: register(new SensitiveFileWarnings(classification())),
  }));
  const ai = once(() =>
    import('./ai/feature').then(({ createAiFeature }) =>
      register(
        createAiFeature({ classification: classification(), redaction: redaction(), secrets: context.secrets, events, log, auditFile, ...(answers.prompter ? { prompter: answers.prompter } : {}) }),
      ),
    ),
  );
  const telemetry = once(() =>
    import('./telemetry/telemetryService').then(({ TelemetryService }) => {
      const policy = classification();
      return register(new TelemetryService({ context, log, events, telemetryPolicy: () => policy.telemetryPolicy() }));
    }),
  );
  const aiTools = once(() => import('./tools/aiTools').then(({ AiToolsService }) => register(new AiToolsService(context, classification(), log, answers.confirmToolSetup))));
  const sidebar = once(() =>
    import('./sidebar/sidebarProvider').then(({ SidebarViewProvider }) => {
      const provider = register(new SidebarViewProvider({ extensionUri: context.extensionUri, secrets: context.secrets, classification: classification(), events, log, ai, aiTools }));
      sidebarLoaded(provider);
      return provider;
    }),
  );
  return { classification, redaction, findings, classificationFaces, ai, telemetry, aiTools, sidebar };
}

/**
 * The composition root: it builds the features (`wireFeatures`), each on first use, owns the
 * event channel between them and every disposable, so activation does no work a feature has not
 * asked for yet, and deactivation forgets nothing.
 */
export class Container implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  readonly logger: OutputChannelLogger;
  readonly events: EventChannel;
  private readonly features: Features;
  /** The sidebar's provider once loaded, for the test hooks that read it synchronously. */
  loadedSidebar: SidebarViewProvider | undefined;
  /** The commands that failed in this window, with their reasons (bounded; shown to the person and logged as they happen). */
  readonly commandFailures: string[] = [];
  private disposed = false;

  constructor(
    readonly context: vscode.ExtensionContext,
    answers: Answers = {},
  ) {
    this.logger = this.register(new OutputChannelLogger(vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME, { log: true })));
    this.events = this.register(new EventChannel());
    this.features = wireFeatures({
      context,
      answers,
      log: this.logger,
      events: this.events,
      register: (disposable) => this.register(disposable),
      auditFile: () => this.auditFile(),
      sidebarLoaded: (provider) => (this.loadedSidebar = provider),
    });
  }

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Registers something to dispose with the extension, and returns it. */
  register<T extends vscode.Disposable>(disposable: T): T {
    this.disposables.push(disposable);
    return disposable;
  }

  classification(): PolicyService {
    return this.features.classification();
  }

  redaction(): RedactionService {
    return this.features.redaction();
  }

  findings(): FindingsDiagnostics {
    return this.features.findings();
  }

  classificationFaces(): ClassificationFaces {
    return this.features.classificationFaces();
  }

  aiFeature(): Promise<AiFeature> {
    return this.features.ai();
  }

  /** The AI service's state (providers, answers, the audit log), loading the AI feature if needed. */
  async ai(): Promise<AiService> {
    return (await this.features.ai()).service;
  }

  telemetry(): Promise<TelemetryService> {
    return this.features.telemetry();
  }

  aiTools(): Promise<AiToolsService> {
    return this.features.aiTools();
  }

  sidebar(): Promise<SidebarViewProvider> {
    return this.features.sidebar();
  }

  /** A command is about to run (daily activity counts some of them). */
  noteCommand(id: string): void {
    this.events.emit('command', id);
  }

  private warnedAuditFolder: string | undefined;

  /**
   * The audit log's file: in the `aiGuard.audit.folder` setting's folder (a machine setting, so a
   * workspace cannot move it), else in the extension's global storage, shared by every window on
   * this machine. Read at each use, so a changed setting applies to the next call.
   */
  private auditFile(): string | undefined {
    const folder = getSetting(Settings.auditFolder)
      .trim()
      .replace(/^~(?=$|[\\/])/, homedir());
    if (folder !== '') {
      if (isAbsolute(folder)) return join(folder, AUDIT_FILE_NAME);
      // Said once per value: the path is read at each use.
      if (this.warnedAuditFolder !== folder)
        this.logger.warn(`The setting aiGuard.audit.folder must be an absolute folder path; '${folder}' is not, so the audit log stays in the extension's storage.`);
      this.warnedAuditFolder = folder;
    }
    const storage = this.context.globalStorageUri as vscode.Uri | undefined;
    return storage?.scheme === 'file' ? vscode.Uri.joinPath(storage, AUDIT_FILE_NAME).fsPath : undefined;
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
